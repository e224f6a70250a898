// The Live view's list of utterances: newest first, bounded (each keeps its audio for replay).
import type { LiveUtterance, PredictionNormalisation } from '../../../src-main/api/contract';

/** How many utterances the history keeps (each holds its samples, so memory stays bounded). */
export const HISTORY_LIMIT = 30;

export interface HistoryEntry {
  utteranceId: string;
  /** From the microphone, or from an opened file (its name). */
  source: { kind: 'microphone' } | { kind: 'file'; name: string };
  sampleRate: number;
  /** Where it starts in its session (seconds since the first sample sent). */
  startSeconds: number;
  durationSeconds: number;
  verdict: LiveUtterance['verdict'];
  labels: string[];
  probabilities?: number[];
  label?: string;
  confidence?: number;
  /** Whose statistics normalised its features (a per-speaker normalised model only). */
  normalisation?: PredictionNormalisation;
  /** The utterance's audio for replay, as 16-bit PCM (half the memory of float, and what a saved take holds); absent when the renderer no longer held it. */
  samples?: Int16Array;
  /** How long after the VAD's end of speech its final prediction was on screen. */
  latencyMs?: number;
  /** Where live.save wrote it. */
  saved?: { path: string; folder: string };
}

export function toHistoryEntry(u: LiveUtterance, source: HistoryEntry['source'], samples: Float32Array | undefined): HistoryEntry {
  return {
    utteranceId: u.utteranceId,
    source,
    sampleRate: u.sampleRate,
    startSeconds: u.startSample / u.sampleRate,
    durationSeconds: Math.max(0, u.endSample - u.startSample) / u.sampleRate,
    verdict: u.verdict,
    labels: u.labels,
    ...(u.probabilities && { probabilities: u.probabilities }),
    ...(u.label !== undefined && { label: u.label }),
    ...(u.confidence !== undefined && { confidence: u.confidence }),
    ...(u.normalisation && { normalisation: u.normalisation }),
    ...(samples && { samples: toPcm16(samples) }),
  };
}

/** Float samples as 16-bit PCM, scaled by 32768 and clipped as a saved take is (core/audio/encode.ts). */
export function toPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32768)));
  return out;
}

/** 16-bit PCM back to float samples for playback, as libsndfile reads a take. */
export function fromPcm16(pcm: Int16Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i]! / 32768;
  return out;
}

/** A new list with `entry` first and at most `limit` entries (the oldest fall off). */
export function addToHistory(list: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryEntry[] {
  return [entry, ...list.filter((e) => e.utteranceId !== entry.utteranceId)].slice(0, Math.max(0, limit));
}

/** A new list with one entry changed (e.g. where it was saved). */
export function updateInHistory(list: readonly HistoryEntry[], utteranceId: string, patch: Partial<HistoryEntry>): HistoryEntry[] {
  return list.map((e) => (e.utteranceId === utteranceId ? { ...e, ...patch } : e));
}
