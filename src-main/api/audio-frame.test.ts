import { describe, expect, it } from 'vitest';
import { decodeAudioFrame, encodeAudioFrame } from './audio-frame';

const id = '123e4567-e89b-42d3-a456-426614174000';

describe('audio frames', () => {
  it('round-trips a chunk at 4 bytes per sample plus the id', () => {
    const samples = Float32Array.from({ length: 960 }, (_, i) => Math.sin(i) * 0.5);
    const frame = encodeAudioFrame(id, samples);
    expect(frame.byteLength).toBe(36 + 960 * 4);
    // At an odd offset inside a larger buffer, as ws may hand it over.
    const padded = new Uint8Array(frame.byteLength + 3);
    padded.set(new Uint8Array(frame), 3);
    const back = decodeAudioFrame(padded.subarray(3));
    expect(back.ok && back.sessionId).toBe(id);
    expect(back.ok && Array.from(back.samples)).toEqual(Array.from(samples));
    // A Node Buffer from the pool (what ws hands over), whose slice() shares memory.
    const pooled = Buffer.concat([Buffer.from('xy'), Buffer.from(frame)]).subarray(2);
    const fromPool = decodeAudioFrame(pooled);
    expect(fromPool.ok && Array.from(fromPool.samples)).toEqual(Array.from(samples));
  });

  it('refuses frames that are not one', () => {
    expect(decodeAudioFrame(new Uint8Array(10))).toMatchObject({ ok: false, reason: /session id and samples/ });
    expect(decodeAudioFrame(new Uint8Array(36 + 6))).toMatchObject({ ok: false, reason: /whole float32/ });
    expect(decodeAudioFrame(new Uint8Array(36 + 8).fill(65))).toMatchObject({ ok: false, reason: /start with a live session id/ });
    expect(() => encodeAudioFrame('x', new Float32Array(1))).toThrow(/not a live session id/);
  });
});
