// The level meter's figures, computed in the renderer from the chunks it sends (the host is not asked).

/** What the meter shows at its left end; quieter reads as this. */
export const METER_FLOOR_DB = -60;

/** Amplitude (0..1 full scale) to dBFS; silence is -Infinity. */
export function toDbfs(amplitude: number): number {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity;
}

export interface Level {
  rms: number;
  peak: number;
}

/** RMS and peak of a chunk, written into `out` (no allocation per chunk). */
export function measureChunk(samples: Float32Array, out: Level): Level {
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    sum += s * s;
    const a = s < 0 ? -s : s;
    if (a > peak) peak = a;
  }
  out.rms = samples.length > 0 ? Math.sqrt(sum / samples.length) : 0;
  out.peak = peak;
  return out;
}

/** Below the meter's floor: nothing on screen would change for it (the scope skips drawing while it stays so). */
export function isInaudible(amplitude: number): boolean {
  return !(toDbfs(amplitude) > METER_FLOOR_DB);
}

/** Where a dBFS value sits on the meter, 0 (floor) to 1 (0 dBFS). */
export function meterFraction(db: number): number {
  if (!(db > METER_FLOOR_DB)) return 0;
  return Math.min(1, 1 - db / METER_FLOOR_DB);
}

/** "−23 dBFS", or "silent" below the meter's floor. */
export function formatDbfs(db: number): string {
  if (!(db > METER_FLOOR_DB)) return `below ${METER_FLOOR_DB} dBFS`;
  return `${Math.round(db)} dBFS`;
}
