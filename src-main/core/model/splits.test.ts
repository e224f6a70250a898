import { describe, expect, it } from 'vitest';
import { losoSpecs, makeSplit, parseSplitArg, SplitError, summarizeSplit, type Split, type SplitItem } from './splits';

const LABELS = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise'];
const WORDS = Array.from({ length: 23 }, (_, i) => `word${i}`);
// A TESS-shaped corpus: every word spoken by both speakers in every emotion (in a scrambled order).
const items: (SplitItem & { path: string })[] = [];
for (const speaker of ['OAF', 'YAF'])
  for (const label of LABELS) for (const utterance of WORDS) items.push({ speaker, label, utterance, path: `/c/${speaker}_${utterance}_${label}.wav` });
items.sort((a, b) => (a.path.split('').reverse().join('') < b.path.split('').reverse().join('') ? -1 : 1));

function expectPartition(split: Split, n: number): void {
  const train = new Set(split.train);
  expect(train.size).toBe(split.train.length);
  for (const i of split.validation) expect(train.has(i)).toBe(false);
  expect(split.train.length + split.validation.length).toBe(n);
  expect(split.train.length).toBeGreaterThan(0);
  expect(split.validation.length).toBeGreaterThan(0);
}

const countBy = (idx: number[], key: (it: SplitItem) => string) => {
  const m = new Map<string, number>();
  for (const i of idx) m.set(key(items[i]), (m.get(key(items[i])) ?? 0) + 1);
  return m;
};

describe('random stratified split', () => {
  const spec = { kind: 'random', valFraction: 0.2, seed: 42 } as const;
  const split = makeSplit(items, spec);

  it('holds out ceil(20%) of the clips, about 20% of each label, disjoint from training', () => {
    expectPartition(split, items.length);
    expect(split.validation.length).toBe(Math.ceil(0.2 * items.length));
    for (const [, n] of countBy(split.validation, (it) => it.label)) expect(Math.abs(n - 0.2 * 46)).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expect(makeSplit(items, spec)).toEqual(split);
    expect(makeSplit(items, { ...spec, seed: 7 }).validation).not.toEqual(split.validation);
  });
});

describe('speaker-independent split', () => {
  it('puts no test speaker in training', () => {
    const split = makeSplit(items, { kind: 'speaker', testSpeakers: ['oaf'] });
    expectPartition(split, items.length);
    for (const i of split.train) expect(items[i].speaker).toBe('YAF');
    for (const i of split.validation) expect(items[i].speaker).toBe('OAF');
  });

  it('rejects unknown speakers and holding out everyone', () => {
    expect(() => makeSplit(items, { kind: 'speaker', testSpeakers: ['MAF'] })).toThrow(/unknown test speaker 'MAF' \(speakers in this corpus: OAF, YAF\)/);
    expect(() => makeSplit(items, { kind: 'speaker', testSpeakers: ['OAF', 'YAF'] })).toThrow(/no clip for training/);
  });

  it('leave-one-speaker-out gives one valid split per speaker', () => {
    const specs = losoSpecs(items);
    expect(specs).toEqual([
      { kind: 'speaker', testSpeakers: ['OAF'] },
      { kind: 'speaker', testSpeakers: ['YAF'] },
    ]);
    for (const s of specs) expectPartition(makeSplit(items, s), items.length);
  });
});

describe('utterance-disjoint split', () => {
  const split = makeSplit(items, { kind: 'utterance', valFraction: 0.2, seed: 3 });

  it('has no word in both train and validation', () => {
    expectPartition(split, items.length);
    const trainWords = new Set(split.train.map((i) => items[i].utterance));
    for (const i of split.validation) expect(trainWords.has(items[i].utterance)).toBe(false);
  });

  it('holds out roughly the asked fraction, roughly stratified', () => {
    const fraction = split.validation.length / items.length;
    expect(fraction).toBeGreaterThan(0.15);
    expect(fraction).toBeLessThan(0.25);
    for (const [, n] of countBy(split.validation, (it) => it.label)) expect(Math.abs(n / 46 - 0.2)).toBeLessThan(0.06);
    expect(makeSplit(items, { kind: 'utterance', valFraction: 0.2, seed: 4 }).validation).not.toEqual(split.validation);
  });

  it('needs the utterance of every clip', () => {
    const partial = items.map((it, i) => (i === 5 ? { ...it, utterance: undefined } : it));
    expect(() => makeSplit(partial, { kind: 'utterance', valFraction: 0.2, seed: 1 })).toThrow(/clip 5 has none/);
  });
});

describe('stratified k-fold', () => {
  it('folds partition the clips, each about 1/k of every label', () => {
    const seen = new Set<number>();
    for (let fold = 0; fold < 5; fold++) {
      const split = makeSplit(items, { kind: 'kfold', k: 5, fold, seed: 11 });
      expectPartition(split, items.length);
      for (const i of split.validation) {
        expect(seen.has(i)).toBe(false);
        seen.add(i);
      }
      expect(Math.abs(split.validation.length - items.length / 5)).toBeLessThanOrEqual(1);
      for (const [, n] of countBy(split.validation, (it) => it.label)) expect(Math.abs(n - 46 / 5)).toBeLessThanOrEqual(1);
    }
    expect(seen.size).toBe(items.length);
  });

  it('rejects a fold outside 0..k-1 and too few clips', () => {
    expect(() => makeSplit(items, { kind: 'kfold', k: 5, fold: 5, seed: 1 })).toThrow(SplitError);
    expect(() => makeSplit(items.slice(0, 3), { kind: 'kfold', k: 5, fold: 0, seed: 1 })).toThrow(/at least 5 clips/);
  });
});

describe('parseSplitArg', () => {
  const opts = { seed: 42 };
  it('parses the CLI forms', () => {
    expect(parseSplitArg('random', opts)).toEqual({ kind: 'random', valFraction: 0.2, seed: 42 });
    expect(parseSplitArg('random:0.25', opts)).toEqual({ kind: 'random', valFraction: 0.25, seed: 42 });
    expect(parseSplitArg('speaker:OAF', opts)).toEqual({ kind: 'speaker', testSpeakers: ['OAF'] });
    expect(parseSplitArg('speaker:OAF,YAF', opts)).toEqual({ kind: 'speaker', testSpeakers: ['OAF', 'YAF'] });
    expect(parseSplitArg('utterance', { seed: 1, valFraction: 0.3 })).toEqual({ kind: 'utterance', valFraction: 0.3, seed: 1 });
    expect(parseSplitArg('kfold:5:0', opts)).toEqual({ kind: 'kfold', k: 5, fold: 0, seed: 42 });
    expect(parseSplitArg('kfold:10', opts)).toEqual({ kind: 'kfold', k: 10, fold: 0, seed: 42 });
  });

  it('explains malformed arguments', () => {
    expect(() => parseSplitArg('speaker', opts)).toThrow(/speaker:OAF/);
    expect(() => parseSplitArg('random:1.5', opts)).toThrow(/between 0 and 1/);
    expect(() => parseSplitArg('kfold:5:7', opts)).toThrow(/fold must be from 0 to 4/);
    expect(() => parseSplitArg('kfold:x', opts)).toThrow(/whole number/);
    expect(() => parseSplitArg('loso', opts)).toThrow(/one model per speaker/);
    expect(() => parseSplitArg('shuffle', opts)).toThrow(/unknown split 'shuffle'/);
  });
});

describe('summarizeSplit', () => {
  it('records counts, speakers and the validation clip paths', () => {
    const split = makeSplit(items, { kind: 'speaker', testSpeakers: ['YAF'] });
    const s = summarizeSplit(split, items);
    expect(s.trainCount).toBe(161);
    expect(s.validationCount).toBe(161);
    expect(s.trainSpeakers).toEqual(['OAF']);
    expect(s.validationSpeakers).toEqual(['YAF']);
    expect(s.validationLabelCounts.angry).toBe(23);
    expect(s.validationPaths.every((p) => p.startsWith('/c/YAF_'))).toBe(true);
  });
});
