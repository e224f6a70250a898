// The Train view's form as the person fills it in, checked field by field, and turned into the `TrainArgs` that
// train.preview and train.start take. Plain TypeScript so it is tested without a DOM.
import type { LabelMap, PresetName, SplitSpec, TrainArgs } from '../../../src-main/api/contract';

export type SplitKind = SplitSpec['kind'];

/** Number inputs give `null` while empty or unparsable. */
type NumberField = number | null;

export interface TrainForm {
  preset: PresetName;
  splitKind: SplitKind;
  /** random and utterance splits. */
  valFraction: NumberField;
  /** speaker split: the speakers held out for validation. */
  testSpeakers: string[];
  /** k-fold: number of folds and the held-out one (0-based, as `--split kfold:k:fold`). */
  k: NumberField;
  fold: NumberField;
  /** The run's seed; also the split's (the `ser train` line has one --seed for both). */
  seed: NumberField;
  epochs: NumberField;
  batchSize: NumberField;
  learningRate: NumberField;
  earlyStopping: boolean;
  patience: NumberField;
  /** For unheard voices: per-speaker normalisation (a held-out speaker calibrated on 10 of their neutral clips). */
  speakerNormalisation: boolean;
  /** For unheard voices: every augmentation (speed, noise, gain, pitch, SpecAugment), one copy per clip. */
  augmentation: boolean;
}

export type FormField = Exclude<keyof TrainForm, 'preset' | 'splitKind' | 'earlyStopping' | 'speakerNormalisation' | 'augmentation'>;

/** What the two "unheard voices" switches send: the settings `ser train --speaker-norm neutral --augment all` gives. */
export const UNSEEN_VOICE_SETTINGS = {
  speakerNormalisation: { basis: 'neutral', calibrationClips: 10 },
  augmentation: {
    copies: 1,
    speed: [0.9, 1.1],
    noiseSnrDb: [15, 40],
    gainDb: [-6, 6],
    pitchSemitones: 1,
    specAugment: { timeMasks: 2, maxTimeFrames: 10, freqMasks: 2, maxCoefficients: 8 },
  },
} as const satisfies Required<Pick<TrainArgs, 'speakerNormalisation' | 'augmentation'>>;
export type FormErrors = Partial<Record<FormField, string>>;

/** The presets' own defaults (core/model/presets.ts); the notebook's for `seed`. */
export const PRESET_DEFAULTS: Record<PresetName, { epochs: number; batchSize: number; learningRate: number }> = {
  seed: { epochs: 30, batchSize: 64, learningRate: 0.001 },
  sequence: { epochs: 30, batchSize: 32, learningRate: 0.001 },
};

export const LIMITS = {
  epochs: { min: 1, max: 10_000 },
  batchSize: { min: 1, max: 65_536 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  k: { min: 2, max: 100 },
  patience: { min: 1, max: 10_000 },
} as const;

/** The notebook's run: seed preset, 30 epochs, batch 64, Adam lr 0.001, seed 42, random 80/20 split. */
export function defaultForm(preset: PresetName = 'seed'): TrainForm {
  const d = PRESET_DEFAULTS[preset];
  return {
    preset,
    splitKind: 'random',
    valFraction: 0.2,
    testSpeakers: [],
    k: 5,
    fold: 0,
    seed: 42,
    epochs: d.epochs,
    batchSize: d.batchSize,
    learningRate: d.learningRate,
    earlyStopping: false,
    patience: 5,
    speakerNormalisation: false,
    augmentation: false,
  };
}

/**
 * Switches the preset; epochs, batch size and learning rate follow the new preset's defaults where they still
 * hold the old preset's (a value the person typed is kept).
 */
export function withPreset(form: TrainForm, preset: PresetName): TrainForm {
  const before = PRESET_DEFAULTS[form.preset];
  const after = PRESET_DEFAULTS[preset];
  return {
    ...form,
    preset,
    epochs: form.epochs === before.epochs ? after.epochs : form.epochs,
    batchSize: form.batchSize === before.batchSize ? after.batchSize : form.batchSize,
    learningRate: form.learningRate === before.learningRate ? after.learningRate : form.learningRate,
  };
}

/** "Use a speaker split": hold out one speaker (the last, so the first stays in training). */
export function withSpeakerSplit(form: TrainForm, speakers: readonly string[]): TrainForm {
  const held = form.testSpeakers.filter((s) => speakers.includes(s));
  const last = speakers[speakers.length - 1];
  return { ...form, splitKind: 'speaker', testSpeakers: held.length > 0 ? held : last !== undefined ? [last] : [] };
}

/**
 * The held-out speakers carried over when the speaker list changes between one corpus and several: `YAF` becomes
 * `tess/YAF` (speakers named with their corpus) and back, where exactly one speaker matches; others are dropped.
 */
export function carryHeldSpeakers(held: readonly string[], speakers: readonly string[]): string[] {
  const carried = held.flatMap((h) => {
    if (speakers.includes(h)) return [h];
    const match = speakers.filter((s) => s.endsWith(`/${h}`) || h.endsWith(`/${s}`));
    return match.length === 1 ? match : [];
  });
  return [...new Set(carried)];
}

function wholeError(v: NumberField, min: number, max: number): string | undefined {
  if (v === null || !Number.isFinite(v)) return 'Enter a number.';
  if (!Number.isInteger(v)) return 'Enter a whole number.';
  if (v < min) return `Must be at least ${min}.`;
  if (v > max) return `Must be at most ${max}.`;
  return undefined;
}

/** One message per bad field, in words for the person (the host checks the same bounds again). */
export function validateForm(form: TrainForm, speakers: readonly string[]): FormErrors {
  const errors: FormErrors = {};
  const set = (field: FormField, message: string | undefined) => {
    if (message) errors[field] = message;
  };
  set('epochs', wholeError(form.epochs, LIMITS.epochs.min, LIMITS.epochs.max));
  set('batchSize', wholeError(form.batchSize, LIMITS.batchSize.min, LIMITS.batchSize.max));
  set('seed', wholeError(form.seed, LIMITS.seed.min, LIMITS.seed.max));
  const lr = form.learningRate;
  if (lr === null || !Number.isFinite(lr)) set('learningRate', 'Enter a number.');
  else if (lr <= 0 || lr > 1) set('learningRate', 'Must be more than 0 and at most 1.');
  if (form.earlyStopping) set('patience', wholeError(form.patience, LIMITS.patience.min, LIMITS.patience.max));
  switch (form.splitKind) {
    case 'random':
    case 'utterance': {
      const f = form.valFraction;
      if (f === null || !Number.isFinite(f)) set('valFraction', 'Enter a number.');
      else if (f <= 0 || f >= 1) set('valFraction', 'Must be between 0 and 1 (e.g. 0.2).');
      break;
    }
    case 'speaker': {
      const held = form.testSpeakers.filter((s) => speakers.includes(s));
      if (held.length === 0) set('testSpeakers', 'Choose at least one speaker to hold out.');
      else if (speakers.length > 0 && held.length >= speakers.length) set('testSpeakers', 'Leave at least one speaker for training.');
      break;
    }
    case 'kfold': {
      const kError = wholeError(form.k, LIMITS.k.min, LIMITS.k.max);
      set('k', kError);
      const maxFold = kError || form.k === null ? LIMITS.k.max - 1 : form.k - 1;
      set('fold', wholeError(form.fold, 0, maxFold));
      break;
    }
  }
  return errors;
}

export function hasErrors(errors: FormErrors): boolean {
  return Object.keys(errors).length > 0;
}

function splitSpec(form: TrainForm, seed: number, speakers: readonly string[]): SplitSpec {
  switch (form.splitKind) {
    case 'random':
      return { kind: 'random', valFraction: form.valFraction!, seed };
    case 'utterance':
      return { kind: 'utterance', valFraction: form.valFraction!, seed };
    case 'speaker':
      // Speakers of a corpus opened before this one are not sent.
      return { kind: 'speaker', testSpeakers: form.testSpeakers.filter((s) => speakers.includes(s)) };
    case 'kfold':
      return { kind: 'kfold', k: form.k!, fold: form.fold!, seed };
  }
}

/**
 * The args of train.preview / train.start, or undefined while a field is bad. The split's seed is the run's
 * seed, as `ser train` has it, so "Copy as command" repeats exactly this run.
 */
export function formToArgs(
  form: TrainForm,
  corpusDir: string,
  speakers: readonly string[],
  corpora?: { extraCorpusDirs: string[]; labelMap?: LabelMap },
): TrainArgs | undefined {
  if (hasErrors(validateForm(form, speakers))) return undefined;
  const seed = form.seed!;
  const args: TrainArgs = {
    corpusDir,
    // More corpora only when there are some; the map only when the person edited it (else the host's default).
    ...(corpora?.extraCorpusDirs.length ? { extraCorpusDirs: [...corpora.extraCorpusDirs] } : {}),
    ...(corpora?.extraCorpusDirs.length && corpora.labelMap ? { labelMap: { ...corpora.labelMap } } : {}),
    preset: form.preset,
    split: splitSpec(form, seed, speakers),
    epochs: form.epochs!,
    batchSize: form.batchSize!,
    seed,
    learningRate: form.learningRate!,
  };
  if (form.earlyStopping) args.earlyStopping = { patience: form.patience! };
  if (form.speakerNormalisation) args.speakerNormalisation = { ...UNSEEN_VOICE_SETTINGS.speakerNormalisation };
  if (form.augmentation) args.augmentation = structuredClone(UNSEEN_VOICE_SETTINGS.augmentation) as TrainArgs['augmentation'];
  return args;
}

/** The host's split error without the request's name in front ("train.preview: split: unknown …" → "unknown …"). */
export function previewErrorText(message: string): string {
  return message.replace(/^train\.(preview|start):\s*/, '').replace(/^split:\s*/, '');
}
