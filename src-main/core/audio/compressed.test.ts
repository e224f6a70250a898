/**
 * FLAC, MP3, Ogg Vorbis, Ogg Opus and WebM/Opus made by ffmpeg from a WAV: decoded by content, with
 * the header's facts, the source's length (gapless MP3, Opus pre-skip), and the seed feature of TESS
 * clips equal to the WAV's (FLAC) or within 2 % relative L2 (the lossy ones).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPRESSED_FORMATS, FFMPEG_FORMATS, ffmpegConvert, ffmpegSkipNote, skipWithoutFfmpeg } from '../../testing/ffmpeg-fixtures';
import { hasTess, skipNote, TESS_CLIPS } from '../../testing/test-shared';
import { encodeWav } from '../../testing/wav-fixtures';
import { extractFeatures, SEED_SPEC } from '../features';
import { decodeAudioFile, readAudioInfoFile } from './decode';

ffmpegSkipNote('the compressed-format tests');
const dir = mkdtempSync(join(tmpdir(), 'ser-compressed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two seconds of stereo at 44.1 kHz: a chirp on the left, a quieter chirp and noise on the right. */
function source(): string {
  const n = 88200;
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const left = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(2 * Math.PI * (200 + (i / n) * 1800) * (i / 44100)));
  const right = Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(2 * Math.PI * (300 + (i / n) * 900) * (i / 44100)) + 0.05 * rnd());
  const path = join(dir, 'source.wav');
  writeFileSync(path, encodeWav([left, right], 44100));
  return path;
}

function relL2(a: Float32Array | number[], b: Float32Array | number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** Largest |a[i] − b[i]| (toEqual on long typed arrays is slow, and its diff of a failure slower still). */
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe.skipIf(skipWithoutFfmpeg)('compressed formats made by ffmpeg', () => {
  const src = source();
  for (const format of COMPRESSED_FORMATS) {
    it(`${FFMPEG_FORMATS[format].what}: header facts, length and samples agree with the source`, async () => {
      const path = join(dir, `clip.${FFMPEG_FORMATS[format].ext}`);
      ffmpegConvert(src, format, path);
      const wav = await decodeAudioFile(src);
      const info = await readAudioInfoFile(path);
      const audio = await decodeAudioFile(path);
      const rate = format.endsWith('opus') ? 48000 : 44100;
      expect(info).toMatchObject({ format, sampleRate: rate, channels: 2 });
      expect(audio).toMatchObject({ format, sampleRate: rate, channels: 2 });
      // The header's length is the decoder's: gapless MP3, Opus pre-skip and end trimming all applied.
      expect(audio.frames).toBe(info.frames);
      expect(audio.samples.length).toBe(audio.frames);
      expect(audio.frames).toBe(Math.round((wav.frames * rate) / 44100));
      if (format === 'flac') expect(maxAbsDiff(audio.samples, wav.samples)).toBe(0);
      if (rate === 44100) {
        // Sample-aligned with the source (a delay of even one MP3 frame would make this ~1).
        const err = relL2(audio.samples, wav.samples);
        console.log(`[audio tests] ${format}: relative L2 of the decoded samples vs the source: ${err.toExponential(2)}`);
        expect(err).toBeLessThan(format === 'flac' ? 1e-9 : 0.1);
      }
      // A frame range is the same samples as the whole decode.
      const part = await decodeAudioFile(path, { offsetFrames: 30000, maxFrames: 5000 });
      expect(part.offsetFrames).toBe(30000);
      expect(part.samples.length).toBe(5000);
      expect(maxAbsDiff(part.samples, audio.samples.subarray(30000, 35000))).toBe(0);
    });
  }
});

// YAF_bone_fear's FLAC ends in a short block that codec-parser used to drop (see codecs.ts).
describe.skipIf(skipWithoutFfmpeg)('24-bit FLAC', () => {
  it('decodes to exactly the samples of its 24-bit WAV (the decoder scales by 2^23 − 1; libsndfile by 2^23)', async () => {
    const x = Float32Array.from({ length: 48000 }, (_, i) => 0.99 * Math.sin(i / 5) * ((i % 1000) / 1000));
    const wav = join(dir, 'w24.wav');
    writeFileSync(wav, encodeWav([x], 48000, { bits: 24 }));
    ffmpegConvert(wav, 'flac', join(dir, 'w24.flac'));
    const flac = await decodeAudioFile(join(dir, 'w24.flac'));
    expect(flac).toMatchObject({ format: 'flac', bitsPerSample: 24, frames: 48000 });
    expect(maxAbsDiff(flac.samples, (await decodeAudioFile(wav)).samples)).toBe(0);
  });
});

const TESS_SOURCES = [
  'OAF_angry/OAF_base_angry.wav',
  'OAF_Fear/OAF_back_fear.wav',
  'YAF_happy/YAF_dog_happy.wav',
  'YAF_sad/YAF_wire_sad.wav',
  'YAF_fear/YAF_bone_fear.wav',
];
skipNote('the TESS seed-feature comparison of compressed formats', hasTess);

describe.skipIf(skipWithoutFfmpeg || !hasTess)('seed feature of TESS clips in each format vs the WAV', () => {
  for (const format of COMPRESSED_FORMATS) {
    it(`${FFMPEG_FORMATS[format].what}: ${format === 'flac' ? 'identical' : 'relative L2 ≤ 2 %'}`, async () => {
      const figures: string[] = [];
      for (const rel of TESS_SOURCES) {
        const wavPath = join(TESS_CLIPS, rel);
        const path = join(dir, `${rel.replace(/\W/g, '_')}.${FFMPEG_FORMATS[format].ext}`);
        ffmpegConvert(wavPath, format, path);
        const ref = extractFeatures(await decodeAudioFile(wavPath), SEED_SPEC).data;
        const got = extractFeatures(await decodeAudioFile(path), SEED_SPEC).data;
        const err = relL2(got, ref);
        figures.push(`${rel.split('/')[1]} ${(err * 100).toFixed(3)} %`);
        if (format === 'flac') expect(maxAbsDiff(got, ref)).toBe(0);
        else expect(err, rel).toBeLessThanOrEqual(0.02);
      }
      console.log(`[audio tests] seed feature, ${FFMPEG_FORMATS[format].what} vs WAV, relative L2: ${figures.join(', ')}`);
    });
  }
});
