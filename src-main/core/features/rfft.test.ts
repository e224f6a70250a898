import { describe, expect, it } from 'vitest';
import { realFft } from './rfft';

describe('realFft (PFFFT, WebAssembly SIMD)', () => {
  for (const n of [32, 2048]) {
    it(`${n} points: the ordered spectrum equals a direct DFT`, () => {
      const fft = realFft(n);
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.3) + 0.25 * Math.cos(i * 1.7) + (i % 5) / 10);
      fft.input().set(x);
      const z = fft.forward();
      let worst = 0;
      let peak = 0;
      for (let k = 0; k <= n / 2; k++) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < n; i++) {
          re += x[i]! * Math.cos((2 * Math.PI * k * i) / n);
          im -= x[i]! * Math.sin((2 * Math.PI * k * i) / n);
        }
        // [X0, X(n/2), Re X1, Im X1, …]; X0 and X(n/2) are real.
        const [gotRe, gotIm] = k === 0 ? [z[0]!, 0] : k === n / 2 ? [z[1]!, 0] : [z[2 * k]!, z[2 * k + 1]!];
        worst = Math.max(worst, Math.abs(gotRe - re), Math.abs(gotIm - im));
        peak = Math.max(peak, Math.hypot(re, im));
      }
      expect(worst / peak).toBeLessThan(1e-6); // float32
    });
  }

  it('the same size reuses one plan; sizes PFFFT cannot do are refused', () => {
    expect(realFft(2048)).toBe(realFft(2048));
    expect(() => realFft(16)).toThrow(/multiple of 32/);
    expect(() => realFft(100)).toThrow(/multiple of 32/);
  });
});
