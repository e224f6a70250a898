/** Property-based fuzzing of the WAV and AIFF parsers: mutated valid files give audio or an AudioDecodeError, never anything else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyByteMutations, byteMutations, FUZZ_RUNS, fuzz } from '../../testing/fuzz';
import { encodeAiff, encodeWav } from '../../testing/wav-fixtures';
import { decodeAudio, readAudioInfo } from './decode';
import { AudioDecodeError } from './errors';
import { MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from './layout';

const tone = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i / 7) * 0.8);
const WAVS = [
  encodeWav([tone], 16000),
  encodeWav([tone, tone], 44100, { bits: 24, extensible: true }),
  encodeWav([tone], 8000, { bits: 8 }),
  encodeWav([tone], 22050, { float: true }),
  encodeWav([tone], 48000, { float: true, bits: 64 }),
  encodeWav([tone], 8000, { g711: 'ulaw' }),
  encodeWav([tone, tone, tone], 16000, { bits: 32 }),
];
const AIFFS = [
  encodeAiff([tone], 16000),
  encodeAiff([tone, tone], 24414, { compression: 'sowt' }),
  encodeAiff([tone], 22050, { compression: 'fl32' }),
  encodeAiff([tone], 44100, { bits: 24 }),
  encodeAiff([tone], 8000, { compression: 'fl64' }),
];

/** Either sane audio, agreeing with the header-only parse, or an AudioDecodeError with a reason; nothing else. */
function checkParse(bytes: Uint8Array, outcomes: Map<string, number>): void {
  let outcome = 'ok';
  try {
    const audio = decodeAudio(bytes, '/fuzz/clip.wav');
    expect(audio.samples.length).toBe(audio.frames);
    expect(audio.channels).toBeGreaterThanOrEqual(1);
    expect(audio.channels).toBeLessThanOrEqual(MAX_CHANNELS);
    expect(audio.sampleRate).toBeGreaterThanOrEqual(MIN_SAMPLE_RATE);
    expect(audio.sampleRate).toBeLessThanOrEqual(MAX_SAMPLE_RATE);
    for (const v of audio.samples) if (!Number.isFinite(v)) throw new Error('a decoded sample is not finite');
    expect(readAudioInfo(bytes.subarray(0, 65536), bytes.length, '/fuzz/clip.wav').frames).toBe(audio.frames);
  } catch (err) {
    if (!(err instanceof AudioDecodeError)) throw err;
    expect(err.reason.length).toBeGreaterThan(0);
    outcome = err.code;
  }
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

describe('parser fuzzing (fast-check, fixed seed)', () => {
  for (const [target, seeds, expected] of [
    ['WAV parser', WAVS, ['ok', 'not-audio', 'bad-header', 'truncated', 'unsupported-encoding']],
    ['AIFF parser', AIFFS, ['ok', 'not-audio', 'bad-header', 'truncated']],
  ] as const) {
    it(`${target}: ${FUZZ_RUNS} mutated files each give audio or an AudioDecodeError`, async () => {
      const outcomes = new Map<string, number>();
      const arb = fc.tuple(fc.constantFrom(...seeds), byteMutations()).map(([seed, m]) => applyByteMutations(seed, m));
      await fuzz(target, arb, (bytes) => checkParse(bytes, outcomes));
      // The mutations reach the checks, not only the first one.
      for (const code of expected) expect(outcomes.get(code), `outcome ${code} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(0);
    });
  }
});
