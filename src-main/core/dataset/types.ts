/** The corpus manifest: what a scan of a folder found (clips with labels and header facts, and what it could not use). */
import type { AudioFormat } from '../audio/errors';

export type EmotionLabel = 'neutral' | 'calm' | 'happy' | 'sad' | 'angry' | 'fear' | 'disgust' | 'surprise' | 'boredom';

export type CorpusConvention = 'tess' | 'ravdess' | 'crema-d' | 'savee' | 'emodb' | 'folder-per-label';

export interface Clip {
  /** Absolute path, through the folder the scan was given (symlinks are not resolved). */
  path: string;
  /** Path relative to the scanned folder, '/'-separated. */
  relPath: string;
  corpus: CorpusConvention;
  speaker: string;
  /** Canonical label, comparable across corpora. */
  label: EmotionLabel;
  /** The corpus's own name or code for the label (TESS 'ps', CREMA-D 'FEA', EmoDB 'W', ...). */
  rawLabel: string;
  /** Spoken word or sentence id where the corpus names it. */
  utterance?: string;
  sampleRate: number;
  channels: number;
  durationSeconds: number;
  format: AudioFormat;
  size: number;
  mtimeMs: number;
}

export interface Problem {
  path: string;
  reason: string;
}

export interface Manifest {
  /** The scanned folder, absolute. */
  root: string;
  corpus: CorpusConvention;
  clips: Clip[];
  problems: Problem[];
  /** Files whose content is identical to a clip that was kept; each is counted once. */
  duplicates: { path: string; sameAs: string }[];
  speakers: string[];
  /** Canonical label → number of clips. */
  labelCounts: Record<string, number>;
  scannedAt: string;
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}
