import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from './decode';
import { librosaLoad, librosaLoadFile } from './load';
import { resampleKaiserBest } from './resample';
import { encodeWav } from '../../testing/wav-fixtures';

const SR = 24414;
// 2 s + 1 frame, so that 0.5 s … end resamples to a non-integer length (librosa pads with a 0).
const clip = Float32Array.from({ length: 2 * SR + 1 }, (_, i) => 0.3 * Math.sin(i / 7) + 0.2 * Math.sin(i / 31));
const bytes = encodeWav([clip], SR, { float: true });
const audio = decodeAudio(bytes, 'gen.wav');

describe('librosaLoad', () => {
  it('offset 0.5 s, duration 3 s past the end: reads to the end, resamples, pads to ceil(n·sr/sr_native)', () => {
    const y = librosaLoad(audio, { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 });
    const start = Math.floor(0.5 * SR); // 12207, librosa's int(offset * sr_native)
    const native = clip.subarray(start);
    const resampled = resampleKaiserBest(native, SR, 22050);
    const n = Math.ceil(native.length * (22050 / SR));
    expect(n).toBe(resampled.length + 1);
    expect(y.length).toBe(n);
    expect(Array.from(y.subarray(0, resampled.length))).toEqual(Array.from(resampled));
    expect(y[n - 1]).toBe(0);
  });

  it('duration shorter than the clip reads floor(duration·sr_native) frames', () => {
    const y = librosaLoad(audio, { sr: SR, offsetSeconds: 0.25, durationSeconds: 0.5 });
    const start = Math.floor(0.25 * SR);
    expect(Array.from(y)).toEqual(Array.from(clip.subarray(start, start + Math.floor(0.5 * SR))));
    const resampled = librosaLoad(audio, { sr: 16000, durationSeconds: 1 });
    expect(resampled.length).toBe(Math.ceil(SR * (16000 / SR)));
  });

  it('same rate without offset/duration is a copy of the whole signal', () => {
    const y = librosaLoad(audio, { sr: SR });
    expect(y).toEqual(audio.samples);
    expect(y.buffer).not.toBe(audio.samples.buffer);
  });

  it('an offset past the end gives an empty signal', () => {
    expect(librosaLoad(audio, { sr: 22050, offsetSeconds: 10 }).length).toBe(0);
  });

  it('works on range-decoded audio, and refuses a range that does not cover the request', () => {
    const part = decodeAudio(bytes, 'gen.wav', { offsetFrames: 12207 });
    const opts = { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 };
    expect(librosaLoad(part, opts)).toEqual(librosaLoad(audio, opts));
    const short = decodeAudio(bytes, 'gen.wav', { offsetFrames: 12207, maxFrames: 1000 });
    expect(() => librosaLoad(short, opts)).toThrow(/needs frames 12207–48829 but only 12207–13207 were decoded/);
    expect(() => librosaLoad(part, { sr: 22050, offsetSeconds: 0.1 })).toThrow(RangeError);
  });

  it('rejects invalid options', () => {
    expect(() => librosaLoad(audio, { sr: 0 })).toThrow(RangeError);
    expect(() => librosaLoad(audio, { sr: 22050, offsetSeconds: -1 })).toThrow(RangeError);
    expect(() => librosaLoad(audio, { sr: 22050, durationSeconds: Number.NaN })).toThrow(RangeError);
  });
});

describe('librosaLoadFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audio-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('equals librosaLoad of the fully decoded file', async () => {
    const path = join(dir, 'gen.wav');
    await writeFile(path, bytes);
    for (const opts of [{ sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 }, { sr: 22050, offsetSeconds: 0.3, durationSeconds: 1 }, { sr: 16000 }]) {
      expect(await librosaLoadFile(path, opts)).toEqual(librosaLoad(audio, opts));
    }
    await expect(librosaLoadFile(join(dir, 'missing.wav'), { sr: 22050 })).rejects.toMatchObject({ code: 'unreadable' });
  });
});
