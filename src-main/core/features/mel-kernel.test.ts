import { describe, expect, it } from 'vitest';
import { melFrame, melSimdAvailable, type BandRows } from './mel-kernel';
import { sparseMelBank } from './mel';
import { realFft } from './rfft';

/** The plain float64 band powers of an ordered spectrum z = [X0, X(n/2), Re X1, Im X1, …]. */
function direct(rows: BandRows, z: Float32Array, nFft: number): number[] {
  const half = nFft >> 1;
  const power = (k: number) => (k === 0 ? z[0]! ** 2 : k === half ? z[1]! ** 2 : z[2 * k]! ** 2 + z[2 * k + 1]! ** 2);
  return Array.from(rows.start, (a, m) => {
    let s = 0;
    for (let k = a; k < rows.end[m]!; k++) s += rows.weights[m]![k - a]! * power(k);
    return s;
  });
}

const spectrum = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 3)));

describe('mel bands of one frame (WebAssembly SIMD and JS)', () => {
  it('the WebAssembly SIMD kernels are available in Node', () => {
    expect(melSimdAvailable()).toBe(true);
  });

  it('bands from bin 0, reaching bin n/2, and empty ones, equal the plain sums', () => {
    const rows: BandRows = {
      start: Int32Array.from([0, 3, 10, 20]),
      end: Int32Array.from([5, 33, 10, 33]),
      weights: [
        Float64Array.from([0.5, 1, 2, 1, 0.5]),
        Float64Array.from({ length: 30 }, (_, i) => i / 30),
        new Float64Array(0),
        Float64Array.from({ length: 13 }, () => 1),
      ],
    };
    const z = spectrum(64);
    const expected = direct(rows, z, 64);
    for (const simd of [true, false]) {
      const out = new Float64Array(6).fill(NaN);
      melFrame(rows, 64, simd)(z, out, 1);
      expect(out[0]).toBeNaN();
      expect(out[5]).toBeNaN();
      for (let m = 0; m < 4; m++) expect(Math.abs(out[1 + m]! - expected[m]!), `band ${m}, simd ${simd}`).toBeLessThan(1e-5 * (1 + Math.abs(expected[m]!)));
    }
  });

  it("librosa's 128-band Slaney filterbank at 22050 Hz: SIMD and JS agree with the plain sums", () => {
    const bank = sparseMelBank(22050, 2048, 128);
    const z = spectrum(2048);
    const expected = direct(bank, z, 2048);
    for (const simd of [true, false]) {
      const out = new Float64Array(128);
      melFrame(bank, 2048, simd)(z, out, 0);
      for (let m = 0; m < 128; m++) expect(Math.abs(out[m]! - expected[m]!) / (1e-3 + expected[m]!), `band ${m}`).toBeLessThan(1e-5);
    }
  });

  it("reads a spectrum in place in PFFFT's output as it reads a copy of it", () => {
    const fft = realFft(256);
    fft.input().set(Float32Array.from({ length: 256 }, (_, i) => Math.sin(i * 0.3) + 0.2 * Math.cos(i * 1.7)));
    const z = fft.forward();
    const rows = sparseMelBank(8000, 256, 20);
    const [inPlace, copied] = [new Float64Array(20), new Float64Array(20)];
    const bands = melFrame(rows, 256);
    bands(z, inPlace, 0);
    bands(z.slice(), copied, 0);
    expect(Array.from(inPlace)).toEqual(Array.from(copied));
    expect(Array.from(z.subarray(0, 4))).toEqual(Array.from(fft.forward().subarray(0, 4))); // z is left as it was
  });
});
