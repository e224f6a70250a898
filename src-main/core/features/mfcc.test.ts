import { describe, it, expect } from 'vitest';
import { mfcc, mfccMean, dctTable } from './mfcc';
import { melFilterbank, melSpectrogramDb, hzToMel, melToHz } from './mel';
import { powerSpectrogram } from './stft';
import { HAVE_REFS, REF_DIR, readF32, readJson, compare, type RefMatrix } from '../../testing/librosa-ref';

if (!HAVE_REFS) console.warn(`[features] librosa reference files not found in ${REF_DIR}: parity tests skipped`);

describe('mel scale and tables', () => {
  it('hz/mel round-trip on both sides of 1 kHz', () => {
    for (const f of [0, 100, 999, 1000, 1500, 8000, 11025]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 6);
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
  });
  it('ortho DCT table rows are orthonormal', () => {
    const n = 128,
      c = dctTable(40, n);
    for (const [a, b] of [
      [0, 0],
      [3, 3],
      [0, 5],
      [7, 39],
    ]) {
      let s = 0;
      for (let i = 0; i < n; i++) s += c[a * n + i] * c[b * n + i];
      expect(s).toBeCloseTo(a === b ? 1 : 0, 10);
    }
  });
  it('STFT of a bin-centred sine peaks at its bin, with Parseval-consistent energy', () => {
    const sr = 8192,
      n = 8192,
      k = 100; // 100 Hz = bin 25 of a 2048-point FFT at 8192 Hz
    const y = new Float32Array(n).map((_, i) => Math.sin((2 * Math.PI * k * i) / sr));
    const { shape, data } = powerSpectrogram(y, 2048, 512);
    expect(shape).toEqual([1025, 17]);
    const t = 8,
      col = Array.from({ length: 1025 }, (_, b) => data[b * 17 + t]);
    expect(col.indexOf(Math.max(...col))).toBe(25);
    // Hann window power sum = 3N/8 per unit-amplitude sine: |X[k]|² = (N/4)²·... check vs. direct DFT
    let re = 0,
      im = 0;
    for (let i = 0; i < 2048; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 2048);
      const s = y[t * 512 - 1024 + i] * w;
      re += s * Math.cos((2 * Math.PI * 25 * i) / 2048);
      im -= s * Math.sin((2 * Math.PI * 25 * i) / 2048);
    }
    // The FFT is float32 (as librosa's complex64 STFT): relative agreement to ~1e-7.
    const direct = re * re + im * im;
    expect(Math.abs(col[25] - direct) / direct).toBeLessThan(1e-6);
  });
  it('rejects bad parameters with specific errors', () => {
    expect(() => mfcc(new Float32Array(100), 22050, { nFft: 1000 })).toThrow(/power of two/);
    expect(() => mfcc(new Float32Array(100), 22050, { hop: 0 })).toThrow(/hop/);
    expect(() => mfcc(new Float32Array(100), 22050, { nMfcc: 200 })).toThrow(/nMfcc/);
    expect(() => melFilterbank(-1, 2048)).toThrow(/sample rate/);
  });
  it('handles an empty and a silent signal without NaN', () => {
    for (const y of [new Float32Array(0), new Float32Array(3000)]) {
      const m = mfcc(y, 22050);
      expect(m.shape).toEqual([40, 1 + Math.floor(y.length / 512)]);
      expect(m.data.every(Number.isFinite)).toBe(true);
    }
  });
});

describe.skipIf(!HAVE_REFS)('librosa 0.10.2 parity (../shared/ref/librosa)', () => {
  it.each([22050, 24414])('mel filterbank sr=%i within 1e-6 of the peak', (sr) => {
    const ref = readF32(`melfb_sr${sr}_nfft2048_128.f32`);
    const fb = melFilterbank(sr, 2048, 128);
    const peak = ref.reduce((a, b) => Math.max(a, b), 0);
    const r = compare(fb, ref, 1e-6 * peak);
    console.log(`melfb sr=${sr}: max|diff|/peak = ${(r.maxAbs / peak).toExponential(2)}`);
    expect(r.ok).toBe(true);
  });

  it.each(['tone', 'chirp', 'noise'])('synth_%s: mfcc, melspec_db, mfcc_mean', (name) => {
    const y = readF32(`synth_${name}.f32`);
    const ref = readJson<{ mfcc: RefMatrix; melspec_db: RefMatrix; mfcc_mean: number[]; sr: number }>(`synth_${name}.json`);
    const m = mfcc(y, ref.sr, { nMfcc: 40 });
    expect(m.shape).toEqual(ref.mfcc.shape);
    const db = melSpectrogramDb(y, ref.sr);
    expect(db.shape).toEqual(ref.melspec_db.shape);
    const mean = mfccMean(y, ref.sr);
    const rm = compare(m.data, ref.mfcc.data, 2e-3, 1e-5);
    const rd = compare(db.data, ref.melspec_db.data, 1e-3);
    const rmean = compare(mean, ref.mfcc_mean, 2e-3, 1e-5);
    console.log(
      `synth_${name}: mfcc max|diff| ${rm.maxAbs.toExponential(2)}, melspec_db ${rd.maxAbs.toExponential(2)}, mfcc_mean ${rmean.maxAbs.toExponential(2)}`,
    );
    expect(rm.ok).toBe(true);
    expect(rd.ok).toBe(true);
    expect(rmean.ok).toBe(true);
  });
});
