import { describe, expect, it } from 'vitest';
import { carryHeldSpeakers, defaultForm, formToArgs, hasErrors, previewErrorText, validateForm, withPreset, withSpeakerSplit } from './train-form';
import type { TrainForm } from './train-form';

const SPEAKERS = ['OAF', 'YAF'];
const form = (patch: Partial<TrainForm> = {}): TrainForm => ({ ...defaultForm(), ...patch });

describe('defaultForm', () => {
  it("is the notebook's run: seed preset, 30 epochs, batch 64, lr 0.001, seed 42, random 0.2", () => {
    expect(formToArgs(defaultForm(), '/c', SPEAKERS)).toEqual({
      corpusDir: '/c',
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.2, seed: 42 },
      epochs: 30,
      batchSize: 64,
      seed: 42,
      learningRate: 0.001,
    });
  });
  it('uses the sequence preset’s batch of 32', () => {
    expect(defaultForm('sequence').batchSize).toBe(32);
  });
});

describe('formToArgs', () => {
  it('gives every seeded split the run’s seed', () => {
    for (const splitKind of ['random', 'utterance', 'kfold'] as const) {
      const args = formToArgs(form({ splitKind, seed: 7 }), '/c', SPEAKERS)!;
      expect(args.seed).toBe(7);
      expect(args.split).toMatchObject({ kind: splitKind, seed: 7 });
    }
  });
  it('builds a k-fold split from k and the held-out fold', () => {
    expect(formToArgs(form({ splitKind: 'kfold', k: 4, fold: 3, seed: 1 }), '/c', SPEAKERS)!.split).toEqual({ kind: 'kfold', k: 4, fold: 3, seed: 1 });
  });
  it('sends only speakers of the open corpus in a speaker split, with no seed', () => {
    const args = formToArgs(form({ splitKind: 'speaker', testSpeakers: ['YAF', 'GONE'] }), '/c', SPEAKERS)!;
    expect(args.split).toEqual({ kind: 'speaker', testSpeakers: ['YAF'] });
  });
  it('adds early stopping only when it is on', () => {
    expect(formToArgs(form({ patience: 3 }), '/c', SPEAKERS)!.earlyStopping).toBeUndefined();
    expect(formToArgs(form({ earlyStopping: true, patience: 3 }), '/c', SPEAKERS)!.earlyStopping).toEqual({ patience: 3 });
  });
  it('gives nothing while a field is bad', () => {
    expect(formToArgs(form({ epochs: 0 }), '/c', SPEAKERS)).toBeUndefined();
  });
  it('adds the other corpora when there are some, and the label map only when it was edited', () => {
    const merged = ['tess/OAF', 'ravdess/01'];
    const args = formToArgs(form({ splitKind: 'speaker', testSpeakers: ['ravdess/01'] }), '/c', merged, { extraCorpusDirs: ['/r'], labelMap: { calm: null } })!;
    expect(args).toMatchObject({
      corpusDir: '/c',
      extraCorpusDirs: ['/r'],
      labelMap: { calm: null },
      split: { kind: 'speaker', testSpeakers: ['ravdess/01'] },
    });
    expect(formToArgs(form(), '/c', merged, { extraCorpusDirs: ['/r'] })).not.toHaveProperty('labelMap');
    const alone = formToArgs(form(), '/c', SPEAKERS, { extraCorpusDirs: [], labelMap: { calm: null } })!;
    expect(alone).not.toHaveProperty('extraCorpusDirs');
    expect(alone).not.toHaveProperty('labelMap');
  });
});

describe('validateForm', () => {
  it('accepts the defaults', () => {
    expect(validateForm(defaultForm(), SPEAKERS)).toEqual({});
  });
  it('bounds epochs 1–10000, batch 1–65536, lr (0, 1], patience ≥ 1', () => {
    expect(validateForm(form({ epochs: 0 }), SPEAKERS).epochs).toBe('Must be at least 1.');
    expect(validateForm(form({ epochs: 10_001 }), SPEAKERS).epochs).toBe('Must be at most 10000.');
    expect(validateForm(form({ epochs: 10_000 }), SPEAKERS).epochs).toBeUndefined();
    expect(validateForm(form({ epochs: 2.5 }), SPEAKERS).epochs).toBe('Enter a whole number.');
    expect(validateForm(form({ epochs: null }), SPEAKERS).epochs).toBe('Enter a number.');
    expect(validateForm(form({ batchSize: 65_537 }), SPEAKERS).batchSize).toBe('Must be at most 65536.');
    expect(validateForm(form({ batchSize: 1 }), SPEAKERS).batchSize).toBeUndefined();
    expect(validateForm(form({ learningRate: 0 }), SPEAKERS).learningRate).toBe('Must be more than 0 and at most 1.');
    expect(validateForm(form({ learningRate: 1 }), SPEAKERS).learningRate).toBeUndefined();
    expect(validateForm(form({ learningRate: 1.01 }), SPEAKERS).learningRate).toBeDefined();
    expect(validateForm(form({ earlyStopping: true, patience: 0 }), SPEAKERS).patience).toBe('Must be at least 1.');
    expect(validateForm(form({ earlyStopping: false, patience: 0 }), SPEAKERS).patience).toBeUndefined();
  });
  it('checks the validation fraction of random and utterance splits', () => {
    expect(validateForm(form({ valFraction: 1 }), SPEAKERS).valFraction).toBe('Must be between 0 and 1 (e.g. 0.2).');
    expect(validateForm(form({ splitKind: 'utterance', valFraction: 0 }), SPEAKERS).valFraction).toBeDefined();
    expect(validateForm(form({ splitKind: 'kfold', valFraction: 0 }), SPEAKERS).valFraction).toBeUndefined();
  });
  it('asks a speaker split for a held-out speaker and one left for training', () => {
    expect(validateForm(form({ splitKind: 'speaker', testSpeakers: [] }), SPEAKERS).testSpeakers).toBe('Choose at least one speaker to hold out.');
    expect(validateForm(form({ splitKind: 'speaker', testSpeakers: ['OAF', 'YAF'] }), SPEAKERS).testSpeakers).toBe('Leave at least one speaker for training.');
    expect(hasErrors(validateForm(form({ splitKind: 'speaker', testSpeakers: ['OAF'] }), SPEAKERS))).toBe(false);
  });
  it('keeps the k-fold fold below k', () => {
    expect(validateForm(form({ splitKind: 'kfold', k: 5, fold: 5 }), SPEAKERS).fold).toBe('Must be at most 4.');
    expect(validateForm(form({ splitKind: 'kfold', k: 1, fold: 0 }), SPEAKERS).k).toBe('Must be at least 2.');
  });
});

describe('withPreset / withSpeakerSplit', () => {
  it('moves untouched defaults to the new preset’s and keeps typed values', () => {
    expect(withPreset(defaultForm('seed'), 'sequence').batchSize).toBe(32);
    expect(withPreset(form({ batchSize: 8 }), 'sequence').batchSize).toBe(8);
    expect(withPreset(form({ epochs: 7 }), 'sequence').epochs).toBe(7);
    expect(withPreset(withPreset(defaultForm('seed'), 'sequence'), 'seed').batchSize).toBe(64);
  });
  it('holds out one speaker, keeping a choice already made', () => {
    expect(withSpeakerSplit(defaultForm(), SPEAKERS)).toMatchObject({ splitKind: 'speaker', testSpeakers: ['YAF'] });
    expect(withSpeakerSplit(form({ testSpeakers: ['OAF'] }), SPEAKERS).testSpeakers).toEqual(['OAF']);
  });
});

describe('carryHeldSpeakers', () => {
  it('names a held-out speaker with its corpus when corpora are added, and without when they are removed', () => {
    const merged = ['ravdess/01', 'ravdess/02', 'tess/OAF', 'tess/YAF'];
    expect(carryHeldSpeakers(['YAF'], merged)).toEqual(['tess/YAF']);
    expect(carryHeldSpeakers(['tess/YAF', 'ravdess/02'], ['OAF', 'YAF'])).toEqual(['YAF']);
    expect(carryHeldSpeakers(['tess/OAF'], merged)).toEqual(['tess/OAF']);
  });
  it('drops a speaker that matches none or more than one', () => {
    expect(carryHeldSpeakers(['01'], ['ravdess/01', 'savee/01'])).toEqual([]);
    expect(carryHeldSpeakers(['GONE'], ['OAF'])).toEqual([]);
  });
});

describe('previewErrorText', () => {
  it('drops the request name and "split:" in front of the host’s message', () => {
    expect(previewErrorText("train.preview: split: unknown test speaker 'X'")).toBe("unknown test speaker 'X'");
    expect(previewErrorText('no such folder')).toBe('no such folder');
  });
});
