import { describe, expect, it } from 'vitest';
import { previewSplit } from './split-preview';
import type { SplitItem } from './splits';

// Two speakers × two labels × three words, like a tiny TESS.
const items: SplitItem[] = ['OAF', 'YAF'].flatMap((speaker) =>
  ['angry', 'sad'].flatMap((label) => ['back', 'bar', 'base'].map((utterance) => ({ speaker, label, utterance }))),
);

describe('previewSplit', () => {
  it('a speaker split: counts per side, speakers apart, no warning', () => {
    const p = previewSplit(items, { kind: 'speaker', testSpeakers: ['YAF'] });
    expect(p.train).toEqual({ clips: 6, labelCounts: { angry: 3, sad: 3 }, speakers: ['OAF'], utterances: ['back', 'bar', 'base'] });
    expect(p.validation.speakers).toEqual(['YAF']);
    expect(p.sharedSpeakers).toEqual([]);
    expect(p.sameSpeakerAndUtterance).toBe(0);
    expect(p.warning).toBeUndefined();
  });

  it('a random split on TESS-like data: the same speaker says the same words on both sides, and it says so', () => {
    const p = previewSplit(items, { kind: 'random', valFraction: 0.25, seed: 3 });
    expect(p.train.clips + p.validation.clips).toBe(items.length);
    expect(p.sharedSpeakers).toEqual(['OAF', 'YAF']);
    expect(p.sameSpeakerAndUtterance).toBe(p.validation.clips);
    expect(p.warning).toMatch(/^\d+ of \d+ validation clips have the same speaker saying the same words in training/);
  });

  it('an utterance split shares speakers but no words: a softer warning', () => {
    const p = previewSplit(items, { kind: 'utterance', valFraction: 0.34, seed: 1 });
    expect(p.validation.utterances.filter((u) => p.train.utterances.includes(u))).toEqual([]);
    expect(p.sameSpeakerAndUtterance).toBe(0);
    expect(p.warning).toMatch(/^Every validation speaker is also in training/);
  });
});
