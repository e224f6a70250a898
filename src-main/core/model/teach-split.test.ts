import { describe, expect, it } from 'vitest';
import { MIN_TEACH_RECORDINGS, splitRecordings, TeachRecordingsError } from './teach-split';

const MODEL = ['angry', 'happy', 'neutral', 'sad'];
const takes = (label: string, n: number, speaker = 'me') =>
  Array.from({ length: n }, (_, i) => ({ path: `/rec/${speaker}/${label}/take-${String(i).padStart(2, '0')}.wav`, label, speaker }));

describe('splitRecordings', () => {
  it('holds out about a quarter of each label, at least one where a label has two, and never all of one', () => {
    const s = splitRecordings([...takes('angry', 8), ...takes('happy', 2), ...takes('sad', 5), ...takes('neutral', 1)], MODEL, 7);
    expect(s.perLabel).toEqual({
      angry: { fineTune: 6, heldOut: 2 },
      happy: { fineTune: 1, heldOut: 1 },
      neutral: { fineTune: 1, heldOut: 0 },
      sad: { fineTune: 4, heldOut: 1 },
    });
    for (const side of [s.fineTune, s.heldOut])
      for (const label of MODEL) expect(side.filter((c) => c.label === label).length).toBe(s.perLabel[label][side === s.fineTune ? 'fineTune' : 'heldOut']);
    const held = new Set(s.heldOut.map((c) => c.path));
    expect(s.fineTune.some((c) => held.has(c.path))).toBe(false);
    expect(s.fineTune.length + s.heldOut.length).toBe(16);
  });

  it('is seeded: the same seed gives the same split whatever the order; another seed another one', () => {
    const all = [...takes('angry', 12), ...takes('sad', 12)];
    const a = splitRecordings(all, MODEL, 1);
    const b = splitRecordings([...all].reverse(), MODEL, 1);
    expect(b.heldOut.map((c) => c.path)).toEqual(a.heldOut.map((c) => c.path));
    const seeds = [2, 3, 4, 5].map((seed) =>
      splitRecordings(all, MODEL, seed)
        .heldOut.map((c) => c.path)
        .join(),
    );
    expect(seeds.some((s) => s !== a.heldOut.map((c) => c.path).join())).toBe(true);
  });

  it('leaves out labels the model does not know, and counts them', () => {
    const s = splitRecordings([...takes('angry', 4), ...takes('sad', 4), ...takes('boredom', 3), ...takes('calm', 1)], MODEL, 1);
    expect(s.unknownLabels).toEqual({ boredom: 3, calm: 1 });
    expect([...s.fineTune, ...s.heldOut].every((c) => MODEL.includes(c.label))).toBe(true);
  });

  it('refuses too few recordings, too few known emotions and an empty folder, saying what is missing', () => {
    const refuse = (clips: ReturnType<typeof takes>) => {
      try {
        splitRecordings(clips, MODEL, 1);
      } catch (err) {
        expect(err).toBeInstanceOf(TeachRecordingsError);
        return (err as Error).message;
      }
      throw new Error('did not refuse');
    };
    expect(refuse([])).toMatch(/no labelled recordings/);
    expect(refuse([...takes('angry', 3), ...takes('sad', 2)])).toMatch(new RegExp(`at least ${MIN_TEACH_RECORDINGS} recordings .* there are 5`));
    expect(refuse([...takes('angry', 9), ...takes('boredom', 4)])).toMatch(
      /at least 2 emotions the model knows; these have 1 \(angry\) \(4 recordings left out: the model does not know boredom\)/,
    );
    expect(splitRecordings([...takes('angry', 3), ...takes('sad', 3)], MODEL, 1).heldOut).toHaveLength(2);
  });
});
