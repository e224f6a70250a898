/**
 * What a split puts on each side, before any training: clips per label, speakers and words, and
 * whether the same speaker saying the same sentence lands on both sides (TESS under a random split),
 * which makes validation accuracy say little about a voice the model never heard.
 */
import { makeSplit, type SplitItem, type SplitSpec } from './splits';

export interface SplitSide {
  clips: number;
  labelCounts: Record<string, number>;
  speakers: string[];
  utterances: string[];
}

export interface SplitPreview {
  spec: SplitSpec;
  train: SplitSide;
  validation: SplitSide;
  /** Speakers with clips on both sides. */
  sharedSpeakers: string[];
  /** Validation clips whose speaker says the same utterance in a training clip. */
  sameSpeakerAndUtterance: number;
  /** One line for the person choosing the split, when the validation side tells little about new voices. */
  warning?: string;
}

function side(items: SplitItem[], indices: number[]): SplitSide {
  const labelCounts: Record<string, number> = {};
  const speakers = new Set<string>();
  const utterances = new Set<string>();
  for (const i of indices) {
    const it = items[i];
    labelCounts[it.label] = (labelCounts[it.label] ?? 0) + 1;
    speakers.add(it.speaker);
    if (it.utterance) utterances.add(it.utterance);
  }
  return { clips: indices.length, labelCounts, speakers: [...speakers].sort(), utterances: [...utterances].sort() };
}

/** Throws SplitError when the spec cannot split these items. */
export function previewSplit(items: SplitItem[], spec: SplitSpec): SplitPreview {
  const split = makeSplit(items, spec);
  const train = side(items, split.train);
  const validation = side(items, split.validation);
  const sharedSpeakers = validation.speakers.filter((s) => train.speakers.includes(s));
  const trained = new Set(split.train.map((i) => `${items[i].speaker}\u0000${items[i].utterance ?? ''}`));
  const sameSpeakerAndUtterance = split.validation.filter((i) => items[i].utterance && trained.has(`${items[i].speaker}\u0000${items[i].utterance}`)).length;
  let warning: string | undefined;
  if (sharedSpeakers.length > 0 && validation.clips > 0) {
    warning =
      sameSpeakerAndUtterance > 0
        ? `${sameSpeakerAndUtterance} of ${validation.clips} validation clips have the same speaker saying the same words in training: this accuracy says little about a new voice. A speaker split tests that.`
        : `Every validation speaker is also in training: this accuracy says little about a new voice. A speaker split tests that.`;
  }
  return { spec, train, validation, sharedSpeakers, sameSpeakerAndUtterance, warning };
}
