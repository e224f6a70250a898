import { describe, expect, it } from 'vitest';
import { realFft } from './rfft';
import { windowedFrames, windowSimdAvailable } from './window-kernel';

describe('windowed STFT frames (WebAssembly SIMD and JS)', () => {
  it('the WebAssembly SIMD kernel is available in Node', () => {
    expect(windowSimdAvailable()).toBe(true);
  });

  it('every frame, inside the signal and reaching into the zero padding, is y · window', () => {
    const y = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.05) + (i % 7) / 7);
    const win = Float32Array.from({ length: 64 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 64));
    for (const simd of [true, false]) {
      const frames = windowedFrames(y, 16, win, simd);
      for (const t of [0, 1, 2, 10, 30, 60, 61, 62]) {
        const f = frames(t);
        for (let i = 0; i < 64; i++) {
          const j = t * 16 - 32 + i;
          const expected = j >= 0 && j < y.length ? Math.fround(y[j]! * win[i]!) : 0;
          expect(f[i], `frame ${t}[${i}], simd ${simd}`).toBe(expected);
        }
      }
    }
  });

  it("with an FFT, every frame of the STFT (the centring padding too) is written into the FFT's input, the same values", () => {
    const y = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.05) + (i % 7) / 7);
    const win = Float32Array.from({ length: 64 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 64));
    const fft = realFft(64);
    const direct = windowedFrames(y, 16, win, true, fft);
    const plain = windowedFrames(y, 16, win, false);
    for (const t of [0, 1, 2, 10, 61, 62, 64]) {
      const f = direct(t);
      const inside = t <= Math.floor(y.length / 16); // the STFT's frames; frame 64 lies past the padding
      expect(f === fft.input(), `frame ${t} in the FFT's input`).toBe(inside);
      expect(Array.from(f)).toEqual(Array.from(plain(t)));
    }
  });
});
