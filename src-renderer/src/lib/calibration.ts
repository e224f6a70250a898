// A speaker's calibration in the Live view: the neutral sentences to read, how far a calibration has got, and
// the words for whose statistics normalised a prediction. The host's rules (the least speech) come with the session.
import type { LiveNormalisation, PredictionNormalisation } from '../../../src-main/api/contract';
import { formatDuration } from './format';

/** Phonetically balanced, emotionally flat sentences (the Harvard sentences, IEEE 1969), read in a calm voice. */
export const CALIBRATION_PROMPTS = [
  'The birch canoe slid on the smooth planks.',
  'Glue the sheet to the dark blue background.',
  'It is easy to tell the depth of a well.',
  'These days a chicken leg is a rare dish.',
  'Rice is often served in round bowls.',
  'The juice of lemons makes fine punch.',
  'The box was thrown beside the parked truck.',
  'Four hours of steady work faced us.',
  'A large size in stockings is hard to sell.',
  'The boy was there when the sun rose.',
] as const;

/** What the prompts aim for: more speech than the least the host takes gives steadier statistics. */
export const CALIBRATION_TARGET_SECONDS = 25;

export interface CalibrationTake {
  utteranceId: string;
  seconds: number;
}

export interface CalibrationProgress {
  seconds: number;
  utterances: number;
  /** Enough for the host to take it. */
  ready: boolean;
  /** 0..1 of the target length. */
  fraction: number;
  /** What is still missing, in words ('' once ready). */
  missing: string;
}

export function calibrationProgress(takes: readonly CalibrationTake[], needs: LiveNormalisation['calibrationNeeds']): CalibrationProgress {
  const seconds = takes.reduce((sum, t) => sum + t.seconds, 0);
  const utterances = takes.length;
  const more: string[] = [];
  if (utterances < needs.utterances) {
    const n = needs.utterances - utterances;
    more.push(`${n} more sentence${n === 1 ? '' : 's'}`);
  }
  if (seconds < needs.seconds) more.push(`${formatDuration(needs.seconds - seconds)} more speech`);
  return {
    seconds,
    utterances,
    ready: more.length === 0,
    fraction: Math.min(1, seconds / CALIBRATION_TARGET_SECONDS),
    missing: more.length ? `Needs ${more.join(' and ')}.` : '',
  };
}

/** The sentence to read next: one after the other, round again after the last. */
export function promptFor(takes: number): string {
  return CALIBRATION_PROMPTS[takes % CALIBRATION_PROMPTS.length]!;
}

/** "normalised with your calibration (4 sentences)", for a final prediction of a per-speaker normalised model. */
export function describePredictionNormalisation(n: PredictionNormalisation): string {
  const clips = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  switch (n.source) {
    case 'calibration':
      return `Normalised with your calibration (${clips(n.clips, 'sentence')})`;
    case 'session':
      return `Normalised with this session's statistics (${clips(n.clips, 'utterance')}); calibrate for steadier ones`;
    case 'training':
      return "Normalised with the training voices' statistics until this session has heard enough of you";
  }
}

/** The session's state in a sentence: the calibration in use, or what predictions use without one. */
export function describeSessionNormalisation(n: LiveNormalisation): string {
  if (n.calibration) {
    const { utterances, seconds, createdAt } = n.calibration;
    const when = new Date(createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    return `Using ${n.speaker ? `${n.speaker}'s` : 'a'} calibration: ${utterances} sentences, ${formatDuration(seconds)}, made ${when}.`;
  }
  const who = n.speaker ? `No calibration for ${n.speaker} yet` : 'No calibration yet';
  return `${who}: predictions use this session's own statistics after ${n.sessionMinClips} utterances, the training voices' until then.`;
}
