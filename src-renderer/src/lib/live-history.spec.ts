import { describe, expect, it } from 'vitest';
import type { LiveUtterance } from '../../../src-main/api/contract';
import { addToHistory, fromPcm16, HISTORY_LIMIT, toHistoryEntry, updateInHistory } from './live-history';

const utterance = (id: string, extra: Partial<LiveUtterance> = {}): LiveUtterance => ({
  sessionId: 's',
  utteranceId: id,
  startSample: 48000,
  endSample: 120000,
  sampleRate: 48000,
  rms: 0.1,
  verdict: 'predicted',
  labels: ['angry', 'sad'],
  probabilities: [0.25, 0.75],
  label: 'sad',
  confidence: 0.75,
  speechEndedAt: 0,
  ...extra,
});
const mic = { kind: 'microphone' } as const;

describe('utterance history', () => {
  it('turns a final prediction into an entry with its duration', () => {
    const e = toHistoryEntry(utterance('a'), mic, new Float32Array(72000));
    expect(e.durationSeconds).toBe(1.5);
    expect(e.startSeconds).toBe(1);
    expect(e.label).toBe('sad');
    expect(e.samples?.length).toBe(72000);
  });

  it('keeps the audio as 16-bit PCM that plays back within half a step of what was sent, clipped like a saved take', () => {
    const sent = Float32Array.from({ length: 1000 }, (_, i) => 0.9 * Math.sin(i / 7));
    sent[0] = 1.5;
    sent[1] = -1.5;
    const e = toHistoryEntry(utterance('p'), mic, sent);
    expect(e.samples).toBeInstanceOf(Int16Array);
    const back = fromPcm16(e.samples!);
    expect(back[0]).toBeCloseTo(32767 / 32768, 6);
    expect(back[1]).toBe(-1);
    for (let i = 2; i < sent.length; i++) expect(Math.abs(back[i]! - sent[i]!)).toBeLessThanOrEqual(0.5 / 32768 + 1e-9);
  });

  it('keeps no guess for a too-quiet utterance', () => {
    const e = toHistoryEntry(
      utterance('q', { verdict: 'too-quiet', probabilities: undefined, label: undefined, confidence: undefined }),
      { kind: 'file', name: 'x.wav' },
      undefined,
    );
    expect(e.verdict).toBe('too-quiet');
    expect('label' in e).toBe(false);
    expect('samples' in e).toBe(false);
  });

  it('puts the newest first and drops the oldest beyond the limit', () => {
    let list = [toHistoryEntry(utterance('first'), mic, undefined)];
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) list = addToHistory(list, toHistoryEntry(utterance(`u${i}`), mic, undefined));
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]!.utteranceId).toBe(`u${HISTORY_LIMIT + 4}`);
    expect(list.some((e) => e.utteranceId === 'first')).toBe(false);
    // An entry that comes again moves to the top instead of appearing twice.
    const ids = (l: typeof list) => l.map((e) => e.utteranceId);
    expect(ids(addToHistory(list, list[3]!, 5))).toEqual(ids([list[3]!, list[0]!, list[1]!, list[2]!, list[4]!]));
  });

  it('records where an entry was saved without touching the others', () => {
    const list = [toHistoryEntry(utterance('a'), mic, undefined), toHistoryEntry(utterance('b'), mic, undefined)];
    const next = updateInHistory(list, 'b', { saved: { path: '/r/me/sad/take.wav', folder: '/r' } });
    expect(next[1]!.saved?.folder).toBe('/r');
    expect(next[0]).toBe(list[0]);
  });
});
