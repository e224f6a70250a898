/**
 * Property-based fuzzing of the compressed-format readers and decoders: mutated FLAC, MP3, Ogg Vorbis,
 * Ogg Opus and WebM files (made by ffmpeg) give sane audio or an AudioDecodeError, never anything
 * else, and each case ends within the fuzz helper's time bound.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPRESSED_FORMATS, FFMPEG_FORMATS, ffmpegConvert, ffmpegSkipNote, skipWithoutFfmpeg } from '../../testing/ffmpeg-fixtures';
import { applyByteMutations, byteMutations, FUZZ_RUNS, fuzz } from '../../testing/fuzz';
import { wavBytes } from '../../testing/test-tree';
import { decodeAudioBytes, readAudioInfo } from './decode';
import { AudioDecodeError } from './errors';

ffmpegSkipNote('the compressed-format fuzz targets');
const dir = mkdtempSync(join(tmpdir(), 'ser-compressed-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Either audio whose samples are finite and as many as its frames, or an AudioDecodeError with a reason. */
async function checkDecode(bytes: Uint8Array, outcomes: Map<string, number>): Promise<void> {
  let outcome = 'ok';
  try {
    const audio = await decodeAudioBytes(bytes, '/fuzz/clip');
    expect(audio.samples.length).toBe(audio.frames);
    expect(audio.channels).toBeGreaterThanOrEqual(1);
    for (const v of audio.samples) if (!Number.isFinite(v)) throw new Error('a decoded sample is not finite');
  } catch (err) {
    if (!(err instanceof AudioDecodeError)) throw err;
    expect(err.reason.length).toBeGreaterThan(0);
    outcome = err.code;
  }
  try {
    readAudioInfo(bytes.subarray(0, 65536), bytes.length, '/fuzz/clip');
  } catch (err) {
    if (!(err instanceof AudioDecodeError)) throw err;
  }
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

describe.skipIf(skipWithoutFfmpeg)('compressed decoder fuzzing (fast-check, fixed seed)', () => {
  const src = join(dir, 'src.wav');
  writeFileSync(src, wavBytes({ sampleRate: 16000, seconds: 0.4, seed: 11 }));
  for (const format of COMPRESSED_FORMATS) {
    it(
      `${FFMPEG_FORMATS[format].what}: ${FUZZ_RUNS} mutated files each give audio or an AudioDecodeError`,
      async () => {
        const path = join(dir, `seed.${FFMPEG_FORMATS[format].ext}`);
        ffmpegConvert(src, format, path);
        const seed = new Uint8Array(readFileSync(path));
        const outcomes = new Map<string, number>();
        await fuzz(
          `${FFMPEG_FORMATS[format].what} decoder`,
          fc.tuple(fc.constant(seed), byteMutations()).map(([s, m]) => applyByteMutations(s, m)),
          (bytes) => checkDecode(bytes, outcomes),
        );
        console.log(`[audio tests] ${format} fuzz outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
        // The mutations reach past the first check: some still decode, some are refused.
        expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
        expect([...outcomes.keys()].filter((k) => k !== 'ok').length).toBeGreaterThan(0);
      },
      60_000 + FUZZ_RUNS * 250,
    ); // a decode takes tens of ms: the bench's 10 000 cases need more than the default
  }
});
