import { describe, expect, it } from 'vitest';
import { meanPowerDb, powerToDbInPlace } from './mel';

/** The definition meanPowerDb shortcuts: power_to_db of every value, then the mean over frames. */
function meanOfDb(s: Float64Array, frames: number, bands: number): number[] {
  const db = s.slice();
  powerToDbInPlace(db);
  return Array.from({ length: bands }, (_, b) => {
    let sum = 0;
    for (let t = 0; t < frames; t++) sum += db[t * bands + b]!;
    return sum / frames;
  });
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('meanPowerDb', () => {
  it('equals the mean over frames of power_to_db, with values under the floor, over many groups of frames', () => {
    const frames = 131; // 8 groups of 16 and a partial one
    const bands = 7;
    const s = new Float64Array(frames * bands);
    let state = 12345;
    for (let i = 0; i < s.length; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      s[i] = 10 ** ((state / 2 ** 31) * 14 - 9); // 1e-9 … 1e5: a tail far below max − 80 dB
    }
    s[3] = 0; // below amin
    const got = meanPowerDb(s, frames, bands);
    expect(maxDiff(got, meanOfDb(s, frames, bands))).toBeLessThan(1e-9);
  });

  it('gives -100 dB for silence and stays finite for huge powers', () => {
    expect(Array.from(meanPowerDb(new Float64Array(40), 10, 4))).toEqual([-100, -100, -100, -100]);
    const huge = new Float64Array(64).map((_, i) => 1e300 / (i + 1));
    expect(maxDiff(meanPowerDb(huge, 32, 2), meanOfDb(huge, 32, 2))).toBeLessThan(1e-9);
  });
});
