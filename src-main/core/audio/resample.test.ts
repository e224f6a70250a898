import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from './decode';
import { resampleKaiserBest, resampleVia } from './resample';
import { LIBROSA_REF, TESS_CLIPS, hasLibrosaRef, hasTess, readF32, skipNote } from '../../testing/test-shared';

function sine(freq: number, sr: number, n: number, amp = 0.5): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / sr));
}

/** Deterministic white-ish noise (LCG), so the test is repeatable. */
function noise(n: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

function maxAbs(a: Float32Array, from = 0, to = a.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

describe('resampleKaiserBest on generated signals', () => {
  it('returns floor(n·srOut/srIn) samples; same rate is a copy', () => {
    const x = noise(1000);
    expect(resampleKaiserBest(x, 24414, 22050).length).toBe(Math.floor((1000 * 22050) / 24414));
    expect(resampleKaiserBest(x, 16000, 22050).length).toBe(Math.floor((1000 * 22050) / 16000));
    expect(resampleKaiserBest(new Float32Array(0), 48000, 22050).length).toBe(0);
    const same = resampleKaiserBest(x, 22050, 22050);
    expect(same).toEqual(x);
    expect(same.buffer).not.toBe(x.buffer);
    expect(() => resampleKaiserBest(x, 0, 22050)).toThrow(RangeError);
  });

  for (const [srIn, srOut] of [
    [24414, 22050],
    [96000, 22050],
    [16000, 22050],
    [44100, 22050],
  ] as const) {
    it(`a 1 kHz tone ${srIn} → ${srOut} Hz stays the same tone (interior)`, () => {
      const y = resampleKaiserBest(sine(1000, srIn, srIn / 4), srIn, srOut);
      const expected = sine(1000, srOut, y.length);
      const diff = y.map((v, i) => v - expected[i]!);
      expect(maxAbs(diff, 200, y.length - 200)).toBeLessThan(5e-4); // kaiser_best passband ripple ≈ 2.5e-4 relative
    });
  }

  it('removes a tone above the new Nyquist frequency (anti-aliasing)', () => {
    const y = resampleKaiserBest(sine(11800, 24414, 12000), 24414, 22050);
    expect(maxAbs(y, 200, y.length - 200)).toBeLessThan(1e-3);
  });

  for (const [srIn, srOut] of [
    [24414, 22050],
    [96000, 22050],
    [16000, 22050],
    [8000, 22050],
    [48000, 16000],
  ] as const) {
    it(`precomputed phases (WebAssembly and JS) equal resampy's per-sample loop, ${srIn} → ${srOut}`, () => {
      const x = noise(9000, srIn);
      const exact = resampleVia(x, srIn, srOut, 'loop');
      for (const path of ['simd', 'js'] as const) {
        const fast = resampleVia(x, srIn, srOut, path);
        expect(fast.length).toBe(exact.length);
        // float32 weights and (SIMD) float32 sums, as resampy's own accumulation, against float64: a few
        // float32 rounding steps (outputs are < 1; the librosa reference tolerance is 1e-5).
        expect(maxAbs(fast.map((v, i) => v - exact[i]!))).toBeLessThan(1e-6);
      }
    });
  }
});

skipNote('the resampler parity with seed_signal_*.f32', hasLibrosaRef && hasTess);
describe.skipIf(!(hasLibrosaRef && hasTess))('resampleKaiserBest against resampy (seed_signal_*.f32)', () => {
  // native_offset_samples / native_frames_read from tess_seed.json (README §3).
  const clips = [
    { clip: 'OAF_Fear/OAF_back_fear.wav', ref: 'seed_signal_OAF_back_fear.f32', sr: 24414, offset: 12207, frames: 29959 },
    { clip: 'OAF_Fear/OAF_food_fear.wav', ref: 'seed_signal_OAF_food_fear.f32', sr: 96000, offset: 48000, frames: 97172 },
  ];
  for (const c of clips) {
    it(`${c.clip} within 1e-5`, async () => {
      const ref = readF32(join(LIBROSA_REF, c.ref));
      const audio = await decodeAudioFile(join(TESS_CLIPS, c.clip), { offsetFrames: c.offset, maxFrames: c.frames });
      expect(audio.sampleRate).toBe(c.sr);
      expect(audio.samples.length).toBe(c.frames);
      const y = resampleKaiserBest(audio.samples, c.sr, 22050);
      expect(y.length).toBe(ref.length - 1); // librosa's fix_length appends the last sample
      const diff = y.map((v, i) => v - ref[i]!);
      expect(maxAbs(diff)).toBeLessThan(1e-5);
      expect(maxAbs(ref)).toBeGreaterThan(0.01); // the reference is a real signal, not silence
    });
  }
});
