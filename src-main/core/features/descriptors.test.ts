import { describe, it, expect } from 'vitest';
import { frameDescriptors } from './descriptors';
import { meydaMfccMean } from './meyda-mfcc';

const sr = 22050;
const tone = (f: number, seconds: number, amp = 0.5) =>
  Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / sr));

describe('frame descriptors (meyda)', () => {
  it('a 1 kHz tone: centroid near 1 kHz, RMS amp/√2, ZCR 2f/sr, low flatness', () => {
    const d = frameDescriptors(tone(1000, 1), sr, { bufferSize: 1024, hop: 512 });
    expect(d.hopSeconds).toBeCloseTo(512 / sr, 12);
    expect(d.rms.length).toBe(1 + Math.floor((sr - 1024) / 512));
    const mid = Math.floor(d.rms.length / 2);
    expect(Math.abs(d.centroid[mid] - 1000)).toBeLessThan(60);
    expect(d.rms[mid]).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(d.zcr[mid]).toBeCloseTo((2 * 1000) / sr, 2);
    expect(d.flatness[mid]).toBeLessThan(0.1);
    expect(d.rolloff[mid]).toBeGreaterThan(900);
    expect(d.rolloff[mid]).toBeLessThan(5000);
  });

  it('the centroid follows the tone frequency; noise is flatter than a tone', () => {
    const lo = frameDescriptors(tone(500, 0.5), sr);
    const hi = frameDescriptors(tone(4000, 0.5), sr);
    expect(Math.abs(lo.centroid[3] - 500)).toBeLessThan(60);
    expect(Math.abs(hi.centroid[3] - 4000)).toBeLessThan(100);
    let seed = 1;
    const noise = Float32Array.from({ length: sr / 2 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2);
    expect(frameDescriptors(noise, sr).flatness[3]).toBeGreaterThan(5 * lo.flatness[3]);
  });

  it('silence and short input give zeros, not NaN', () => {
    const d = frameDescriptors(new Float32Array(300), sr);
    expect(d.rms.length).toBe(1);
    for (const k of ['rms', 'zcr', 'centroid', 'flatness', 'rolloff'] as const) expect(d[k][0]).toBe(0);
    expect(() => frameDescriptors(tone(440, 0.1), sr, { bufferSize: 1000 })).toThrow(/power of two/);
  });
});

describe('meyda MFCC feature', () => {
  it('has shape [nMfcc], finite values, and separates a low from a high tone', () => {
    const a = meydaMfccMean(tone(300, 1), sr, { nMfcc: 13, bufferSize: 2048, hop: 512 });
    const b = meydaMfccMean(tone(3000, 1), sr, { nMfcc: 13, bufferSize: 2048, hop: 512 });
    expect(a.shape).toEqual([13]);
    expect(a.data.every(Number.isFinite)).toBe(true);
    let dist = 0;
    for (let k = 1; k < 13; k++) dist += (a.data[k] - b.data[k]) ** 2;
    expect(Math.sqrt(dist)).toBeGreaterThan(1);
  });

  it('rebuilds meyda filter banks when the rate or buffer size changes', () => {
    const y = tone(1000, 1);
    const opts = { nMfcc: 20, bufferSize: 1024, hop: 512 };
    const first = meydaMfccMean(y, sr, opts).data;
    // Same samples, other rate: only the mel bank differs, so a stale bank would give equal numbers.
    const asIf16k = meydaMfccMean(y, 16000, opts).data;
    expect(Array.from(asIf16k)).not.toEqual(Array.from(first));
    // A larger buffer with a stale 1024-point bank reads past its end (NaN).
    expect(meydaMfccMean(y, sr, { ...opts, bufferSize: 2048 }).data.every(Number.isFinite)).toBe(true);
    expect(Array.from(meydaMfccMean(y, sr, opts).data)).toEqual(Array.from(first));
    expect(meydaMfccMean(y, sr, { nMfcc: 40, bufferSize: 512, hop: 256 }).shape).toEqual([40]);
  });
});
