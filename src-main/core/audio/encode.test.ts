import { describe, expect, it } from 'vitest';
import { decodeAudio } from './decode';
import { encodeWavPcm16 } from './encode';

describe('encodeWavPcm16', () => {
  it('writes a WAV the decoder reads back to the same 16-bit values', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 0.999, -1, 1.5, -2, 1 / 32768]);
    const audio = decodeAudio(encodeWavPcm16(samples, 16000), 'mem.wav');
    expect(audio).toMatchObject({ format: 'wav', sampleRate: 16000, channels: 1, frames: samples.length });
    // Out-of-range values clip to the int16 range.
    expect(Array.from(audio.samples)).toEqual([0, 0.5, -0.5, 32735 / 32768, -1, 32767 / 32768, -1, 1 / 32768]);
  });
});
