// The seed feature reads 3 s of audio starting at 0.5 s (librosa.load offset/duration);
// the waveform shows that span as a region, clamped to the clip.
export const SEED_OFFSET_SECONDS = 0.5;
export const SEED_DURATION_SECONDS = 3;

export interface TimeSpan { start: number; end: number }

/** The part of the clip the seed features actually see, or undefined when the clip ends before 0.5 s. */
export function seedAnalysisWindow(clipSeconds: number): TimeSpan | undefined {
  if (!Number.isFinite(clipSeconds) || clipSeconds <= SEED_OFFSET_SECONDS) return undefined;
  return { start: SEED_OFFSET_SECONDS, end: Math.min(clipSeconds, SEED_OFFSET_SECONDS + SEED_DURATION_SECONDS) };
}
