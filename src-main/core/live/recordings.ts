/**
 * Saving a live utterance into the user's own corpus: `<folder>/<speaker>/<label>/take-<time>.wav`,
 * the folder-per-label layout the scanner reads (label from the folder, speaker from the folder
 * around it), so the Corpus view opens it and the trainer can use it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeWavPcm16 } from '../audio';
import { writeFileAtomic } from '../atomic-write';
import { canonicalLabel } from '../dataset/labels';

export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingError';
  }
}

/** A speaker name safe as one folder name: letters, digits, space, dot, dash and underscore. */
export function checkSpeakerName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new RecordingError('the speaker name is empty');
  if (name.length > 40) throw new RecordingError('the speaker name is longer than 40 characters');
  if (!/^[\p{L}\p{N} ._-]+$/u.test(name) || name.startsWith('.')) {
    throw new RecordingError(`the speaker name '${name}' may only hold letters, digits, spaces, dots, dashes and underscores (and not start with a dot)`);
  }
  return name;
}

function stamp(at: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}-${p(at.getMilliseconds(), 3)}`;
}

/** Writes the utterance as 16-bit PCM WAV (atomically); returns its path. */
export async function saveRecording(
  folder: string,
  take: { speaker: string; label: string; samples: Float32Array; sampleRate: number; at?: Date },
): Promise<string> {
  const label = canonicalLabel(take.label);
  if (!label) throw new RecordingError(`'${take.label}' is not an emotion label the scanner knows`);
  const dir = join(folder, checkSpeakerName(take.speaker), label);
  await mkdir(dir, { recursive: true });
  const name = `take-${stamp(take.at ?? new Date())}.wav`;
  const file = join(dir, name);
  await writeFileAtomic(file, encodeWavPcm16(take.samples, take.sampleRate));
  return file;
}
