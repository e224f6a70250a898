import { describe, expect, it } from 'vitest';
import { applyStats, evaluationStats, fitSpeakerNormalisation, NormalisationError, parseSpeakerNormalisation, SpeakerSession, statsOf } from './normalise';

/** A [frames, 2] feature: rows (a + t, b − t) and `pad` all-zero rows at the end. */
function frames(a: number, b: number, rows: number, pad = 0): Float32Array {
  const out = new Float32Array((rows + pad) * 2);
  for (let t = 0; t < rows; t++) out.set([a + t, b - t], 2 * t);
  return out;
}

describe('per-speaker statistics', () => {
  it('are the mean and deviation of each channel over the real rows only', () => {
    const s = statsOf([frames(1, 10, 3, 5)], 2);
    expect(s.mean).toEqual([2, 9]);
    expect(s.std[0]).toBeCloseTo(Math.sqrt(2 / 3), 6);
    expect(s.clips).toBe(1);
  });

  it('standardise real rows and leave padding rows at zero', () => {
    const f = frames(1, 10, 3, 2);
    const out = applyStats(f, statsOf([f], 2));
    expect(Array.from(out.subarray(0, 6)).map((v) => +v.toFixed(4))).toEqual([-1.2247, 1.2247, 0, 0, 1.2247, -1.2247]);
    expect(Array.from(out.subarray(6))).toEqual([0, 0, 0, 0]);
  });

  it('come from each speaker’s neutral clips under basis neutral, from all their clips under all', () => {
    const clips = [
      { speaker: 'A', label: 'neutral' },
      { speaker: 'A', label: 'neutral' },
      { speaker: 'A', label: 'neutral' },
      { speaker: 'A', label: 'angry' },
      { speaker: 'B', label: 'angry' },
    ];
    const features = [frames(1, 1, 1), frames(1, 1, 1), frames(1, 1, 1), frames(41, 41, 1), frames(7, 7, 1)];
    const neutral = fitSpeakerNormalisation(features, clips, [0, 1, 2, 3, 4], 2, 'neutral');
    expect(neutral.speakers.A.mean).toEqual([1, 1]);
    // B has no neutral clip: all of theirs.
    expect(neutral.speakers.B.mean).toEqual([7, 7]);
    const all = fitSpeakerNormalisation(features, clips, [0, 1, 2, 3, 4], 2, 'all');
    expect(all.speakers.A.mean).toEqual([11, 11]);
    expect(all.pooled.clips).toBe(5);
  });
});

describe('SpeakerSession', () => {
  const norm = fitSpeakerNormalisation([frames(100, 100, 4)], [{ speaker: 'T', label: 'neutral' }], [0], 2, 'all', 2);

  it('uses the training statistics, then the session’s own once it has enough clips, and says which', () => {
    const session = new SpeakerSession(norm);
    const f = frames(5, 5, 4);
    expect(session.normalise(f).source).toBe('training');
    expect(session.normalise(f).source).toBe('training');
    const third = session.normalise(f);
    expect(third).toMatchObject({ source: 'session', clips: 2 });
    // The session's mean is this voice's: its own clip comes out centred.
    expect(third.data[0]).toBeCloseTo(-1.3416, 3);
  });

  it('uses calibration statistics whenever they are set', () => {
    const session = new SpeakerSession(norm);
    const stats = session.calibrateFrom([frames(5, 5, 4), frames(6, 6, 4)]);
    expect(stats.clips).toBe(2);
    expect(session.normalise(frames(5, 5, 4))).toMatchObject({ source: 'calibration', clips: 2 });
  });

  it('learns nothing from clips it is told not to (live rolling windows), and a fresh session has heard nothing', () => {
    const session = new SpeakerSession(norm);
    const f = frames(5, 5, 4);
    for (let i = 0; i < 5; i++) expect(session.normalise(f, false).source).toBe('training');
    session.normalise(f);
    session.normalise(f);
    expect(session.normalise(f, false).source).toBe('session');
    const other = session.fresh();
    expect(other.normalise(f).source).toBe('training');
    session.calibrateFrom([f]);
    expect(session.calibrated).toBe(true);
    expect(other.calibrated).toBe(false);
  });

  it('refuses statistics of another width', () => {
    expect(() => new SpeakerSession(norm).calibrate({ mean: [0], std: [1], clips: 1 })).toThrow(NormalisationError);
  });
});

describe('stored normalisation', () => {
  it('round-trips through JSON and rejects a zero deviation', () => {
    const norm = fitSpeakerNormalisation([frames(1, 2, 3)], [{ speaker: 'S', label: 'sad' }], [0], 2, 'neutral');
    expect(parseSpeakerNormalisation(JSON.parse(JSON.stringify(norm)))).toEqual(norm);
    const bad = { ...norm, pooled: { ...norm.pooled, std: [0, 1] } };
    expect(() => parseSpeakerNormalisation(bad)).toThrow(/std/);
  });

  it('gives an evaluated speaker the model’s statistics when it trained on them, else their own', () => {
    const norm = fitSpeakerNormalisation([frames(1, 2, 3)], [{ speaker: 'S', label: 'sad' }], [0], 2, 'all');
    const stats = evaluationStats(norm, [
      { speaker: 'S', label: 'sad', data: frames(50, 50, 3) },
      { speaker: 'N', label: 'sad', data: frames(50, 50, 3) },
    ]);
    expect(stats.get('S')).toEqual(norm.speakers.S);
    expect(stats.get('N')!.mean).toEqual([51, 49]);
  });
});
