import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio, decodeAudioFile, readAudioInfo, readAudioInfoFile } from './decode';
import { AudioDecodeError } from './errors';
import type { AudioErrorCode } from './errors';
import { buildForm, buildRiff, chunk, commBody, encodeAiff, encodeWav, fmtBody } from '../../testing/wav-fixtures';

const PATH = '/corpus/speaker/bad clip.wav';

/** Both the header-only check and the full decode must reject the bytes with the same code and reason. */
function expectRejected(bytes: Uint8Array, code: AudioErrorCode, reason: RegExp): void {
  const attempts = [() => decodeAudio(bytes, PATH), () => readAudioInfo(bytes.subarray(0, 65536), bytes.length, PATH)];
  for (const attempt of attempts) {
    let caught: unknown;
    try {
      attempt();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AudioDecodeError);
    const err = caught as AudioDecodeError;
    expect(err.code).toBe(code);
    expect(err.path).toBe(PATH);
    expect(err.message).toContain(PATH);
    expect(err.reason).toMatch(reason);
  }
}

const tone = [Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 5))];
const pcmData = encodeWav(tone, 16000).subarray(44);
const goodFmt = (over: Partial<Parameters<typeof fmtBody>[0]> = {}): Uint8Array => fmtBody({ tag: 1, channels: 1, sampleRate: 16000, bits: 16, ...over });
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('unknown containers', () => {
  it('empty file', () => expectRejected(new Uint8Array(0), 'empty', /empty \(0 bytes\)/));
  it('a few bytes', () => expectRejected(ascii('RIFF\x01'), 'not-audio', /only 5 bytes/));
  it('text', () => expectRejected(ascii('this is a text file, not audio at all'), 'not-audio', /unknown content starting with 'this'/));
  it('RIFF AVI', () => expectRejected(buildRiff([chunk('LIST', new Uint8Array(8))], 'RIFF', 'AVI '), 'not-audio', /RIFF container of type 'AVI '/));
  it('FLAC, Ogg, MP3 headers that lie are named (compressed.test.ts decodes the real ones)', () => {
    const info = (bytes: Uint8Array) => () => readAudioInfo(bytes, bytes.length, PATH);
    expect(info(ascii('fLaC\0\0\0\x22' + '\0'.repeat(40)))).toThrow(
      expect.objectContaining({ code: 'bad-header', reason: 'STREAMINFO declares a sample rate of 0 Hz' }),
    );
    expect(info(ascii('OggS' + '\0'.repeat(40)))).toThrow(
      expect.objectContaining({ code: 'unsupported-encoding', reason: expect.stringMatching(/an Ogg stream of an unknown codec/) }),
    );
    expect(info(ascii('ID3\x04' + '\0'.repeat(40)))).toThrow(expect.objectContaining({ code: 'corrupt', reason: 'no MPEG audio frame found after byte 10' }));
    // The synchronous WAV/AIFF decoder says where such content goes instead.
    expect(() => decodeAudio(ascii('fLaC' + '\0'.repeat(40)), PATH)).toThrow(/FLAC content \(decoded by decodeAudioBytes/);
  });
  it('RF64 and RIFX are named', () => {
    expectRejected(buildRiff([chunk('fmt ', goodFmt())], 'RF64'), 'unsupported-encoding', /RF64/);
    expectRejected(buildRiff([chunk('fmt ', goodFmt())], 'RIFX'), 'unsupported-encoding', /RIFX/);
  });
});

describe('unsupported compression codes', () => {
  const withTag = (tag: number, bits: number, blockAlign: number): Uint8Array =>
    buildRiff([chunk('fmt ', goodFmt({ tag, bits, blockAlign })), chunk('data', pcmData)]);
  it('Microsoft ADPCM (0x0002)', () => expectRejected(withTag(2, 4, 256), 'unsupported-encoding', /0x0002 \(Microsoft ADPCM\)/));
  it('IMA ADPCM (0x0011)', () => expectRejected(withTag(0x11, 4, 256), 'unsupported-encoding', /0x0011 \(IMA ADPCM\)/));
  it('MP3-in-WAV (0x0055)', () => expectRejected(withTag(0x55, 0, 1), 'unsupported-encoding', /0x0055 \(MP3/));
  it('an unknown code', () => expectRejected(withTag(0x1234, 16, 2), 'unsupported-encoding', /0x1234;/));
  it('16-bit float and 12-bit PCM', () => {
    expectRejected(withTag(3, 16, 2), 'unsupported-encoding', /IEEE float with 16 bits/);
    expectRejected(withTag(1, 12, 2), 'unsupported-encoding', /PCM with 12 bits/);
  });
  it('EXTENSIBLE with a non-PCM sub-format GUID', () => {
    const guid = Uint8Array.from([0x02, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x72]);
    const fmt = fmtBody({ tag: 1, channels: 2, sampleRate: 16000, bits: 16, extensible: true, subFormatGuid: guid });
    expectRejected(buildRiff([chunk('fmt ', fmt), chunk('data', pcmData)]), 'unsupported-encoding', /sub-format GUID \{00000002-0000-0010-8000-00aa00389b72\}/);
  });
  it("AIFF-C 'ima4'", () => {
    const comm = commBody({ channels: 1, frames: 100, bits: 16, sampleRate: 16000, compression: 'ima4' });
    expectRejected(buildForm('AIFC', [chunk('COMM', comm), chunk('SSND', new Uint8Array(400))]), 'unsupported-encoding', /compression type 'ima4'/);
  });
});

describe('truncated and empty data', () => {
  it('data chunk declares more bytes than the file holds', () => {
    const bytes = encodeWav(tone, 16000);
    expectRejected(bytes.subarray(0, bytes.length - 101), 'truncated', /truncated data: the data chunk declares 200 frames \(400 bytes\) but only 299 bytes/);
  });
  it('data size 0xFFFFFFFF on a small file: an error, no huge allocation', () => {
    expectRejected(buildRiff([chunk('fmt ', goodFmt()), chunk('data', pcmData, 0xffffffff)]), 'truncated', /declares 2147483647 frames/);
  });
  it('truncated data chunk followed by nothing where fmt should be', () => {
    expectRejected(
      buildRiff([chunk('data', pcmData, 1_000_000), chunk('fmt ', goodFmt())]),
      'truncated',
      /'data' chunk at byte 12 declares 1000000 bytes, past the end/,
    );
  });
  it('AIFF SSND shorter than COMM declares', () => {
    const bytes = encodeAiff(tone, 16000);
    expectRejected(bytes.subarray(0, bytes.length - 50), 'truncated', /the COMM chunk declares 200 frames/);
    const comm = commBody({ channels: 1, frames: 100, bits: 16, sampleRate: 16000 });
    expectRejected(buildForm('AIFF', [chunk('COMM', comm)]), 'truncated', /no SSND chunk/);
  });
  it('zero-length data', () => {
    expectRejected(buildRiff([chunk('fmt ', goodFmt()), chunk('data', new Uint8Array(0))]), 'empty', /zero-length data/);
    expectRejected(buildRiff([chunk('fmt ', goodFmt({ channels: 2 })), chunk('data', new Uint8Array(3))]), 'empty', /no sample frames/);
    expectRejected(buildRiff([chunk('fmt ', goodFmt())]), 'empty', /no data chunk/);
    expectRejected(encodeAiff([new Float32Array(0)], 16000), 'empty', /0 sample frames/);
  });
});

describe('headers that lie', () => {
  const wav = (fmt: Uint8Array): Uint8Array => buildRiff([chunk('fmt ', fmt), chunk('data', pcmData)]);
  it('0 channels', () => expectRejected(wav(goodFmt({ channels: 0, blockAlign: 2 })), 'bad-header', /declares 0 channels/));
  it('absurd channel count', () => expectRejected(wav(goodFmt({ channels: 5000, blockAlign: 2 })), 'bad-header', /absurd channel count \(5000/));
  it('sample rate 0 and absurd', () => {
    expectRejected(wav(goodFmt({ sampleRate: 0 })), 'bad-header', /sample rate of 0 Hz/);
    expectRejected(wav(goodFmt({ sampleRate: 4_000_000_000 })), 'bad-header', /sample rate of 4000000000 Hz/);
  });
  it('block align inconsistent with channels × bits', () => {
    expectRejected(wav(goodFmt({ blockAlign: 3 })), 'bad-header', /block align \(3\) is not channels × bytes per sample \(1 × 2\)/);
  });
  it('a short fmt chunk, and none at all', () => {
    expectRejected(wav(goodFmt().subarray(0, 10)), 'bad-header', /fmt chunk is 10 bytes/);
    expectRejected(buildRiff([chunk('data', pcmData)]), 'bad-header', /no fmt chunk/);
  });
  it('a chunk before fmt/data claims 0xFFFFFFFF bytes (the walk stops, no hang)', () => {
    expectRejected(
      buildRiff([chunk('LIST', new Uint8Array(4), 0xffffffff), chunk('fmt ', goodFmt()), chunk('data', pcmData)]),
      'bad-header',
      /'LIST' chunk at byte 12 declares 4294967295 bytes, past the end/,
    );
  });
  it('a fmt chunk whose size runs past the end of the file', () => {
    const bytes = buildRiff([chunk('fmt ', goodFmt(), 16)]);
    expectRejected(bytes.subarray(0, 30), 'truncated', /truncated header: the fmt chunk at byte 20 needs 16 bytes but the file ends at byte 30/);
  });
  it('a file cut inside a chunk header is truncated, not a file without fmt or data', () => {
    const bytes = buildRiff([chunk('fmt ', goodFmt()), chunk('data', pcmData)]);
    expectRejected(bytes.subarray(0, 16), 'truncated', /truncated header: the file ends at byte 16, inside a chunk header that starts at byte 12/);
    expectRejected(bytes.subarray(0, 40), 'truncated', /truncated header: the file ends at byte 40, inside a chunk header that starts at byte 36/);
    const aiff = encodeAiff(tone, 16000);
    expectRejected(aiff.subarray(0, 15), 'truncated', /truncated header/);
  });
  it('AIFF: 0 channels, a NaN rate, a data offset past its chunk, no COMM', () => {
    const comm = (over: Partial<Parameters<typeof commBody>[0]>): Uint8Array => commBody({ channels: 1, frames: 100, bits: 16, sampleRate: 16000, ...over });
    const ssnd = new Uint8Array(208);
    expectRejected(buildForm('AIFF', [chunk('COMM', comm({ channels: 0 })), chunk('SSND', ssnd)]), 'bad-header', /0 channels/);
    const nanRate = comm({});
    nanRate.set([0x7f, 0xff, 0xc0, 0, 0, 0, 0, 0, 0, 0], 8);
    expectRejected(buildForm('AIFF', [chunk('COMM', nanRate), chunk('SSND', ssnd)]), 'bad-header', /sample rate of NaN/);
    const badOffset = new Uint8Array(208);
    new DataView(badOffset.buffer).setUint32(0, 5000, false);
    expectRejected(buildForm('AIFF', [chunk('COMM', comm({})), chunk('SSND', badOffset)]), 'bad-header', /SSND data offset \(5000\)/);
    expectRejected(buildForm('AIFF', [chunk('SSND', ssnd)]), 'bad-header', /no COMM chunk/);
    expectRejected(buildForm('AIFF', [chunk('COMM', comm({ bits: 40 })), chunk('SSND', ssnd)]), 'bad-header', /40 bits per sample/);
  });
});

describe('corrupted bytes never crash or hang', () => {
  it('random header mutations and every truncation give a result or an AudioDecodeError', () => {
    const seeds = [
      encodeWav([tone[0]!, tone[0]!], 16000, { bits: 24, extensible: true }),
      encodeAiff(tone, 16000, { compression: 'sowt' }),
      encodeWav(tone, 8000, { g711: 'ulaw' }),
    ];
    let s = 12345;
    const rand = (n: number): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    const outcomes = new Map<string, number>();
    const tryDecode = (bytes: Uint8Array): void => {
      let key = 'ok';
      try {
        const audio = decodeAudio(bytes, PATH);
        expect(audio.samples.length).toBeLessThanOrEqual(bytes.length);
      } catch (err) {
        expect(err).toBeInstanceOf(AudioDecodeError);
        key = (err as AudioDecodeError).code;
      }
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    };
    for (const seed of seeds) {
      for (let len = 0; len < 120; len++) tryDecode(seed.subarray(0, len));
      for (let k = 0; k < 1500; k++) {
        const bytes = seed.slice();
        for (let m = 1 + rand(4); m > 0; m--) bytes[rand(60)] = rand(256);
        tryDecode(bytes);
      }
    }
    // The mutations reach every kind of outcome, so the loop really exercises the checks.
    for (const code of ['ok', 'not-audio', 'bad-header', 'truncated', 'empty', 'unsupported-encoding']) expect(outcomes.get(code)).toBeGreaterThan(0);
  });
});

describe('sample data that is not audio', () => {
  it('NaN and infinite float samples are refused with the frame, in WAV and AIFF-C', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const samples = Float32Array.from(tone[0]);
      samples[123] = bad;
      for (const bytes of [encodeWav([samples], 16000, { float: true }), encodeAiff([samples], 16000, { compression: 'fl32' })]) {
        expect(() => decodeAudio(bytes, PATH)).toThrow(expect.objectContaining({ code: 'bad-samples', reason: expect.stringMatching(/at frame 123/) }));
        expect(() => decodeAudio(bytes, PATH, { offsetFrames: 100, maxFrames: 50 })).toThrow(/at frame 123/);
        expect(decodeAudio(bytes, PATH, { maxFrames: 100 }).samples).toHaveLength(100); // frames before it are fine
      }
    }
  });
});

describe('files that cannot be read', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audio-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  it('a named pipe called .wav is refused at once instead of blocking on open', async () => {
    const fifo = join(dir, 'pipe.wav');
    execFileSync('mkfifo', [fifo]);
    for (const reads of ['pool', 'blocking'] as const) {
      await expect(decodeAudioFile(fifo, {}, reads)).rejects.toMatchObject({
        code: 'unreadable',
        reason: 'cannot read the file: it is a named pipe (FIFO), not a regular file',
      });
    }
    await expect(readAudioInfoFile(fifo)).rejects.toMatchObject({ code: 'unreadable' });
  }, 5000);
  it('missing file, a directory, and a truncated file on disk', async () => {
    const missing = join(dir, 'nope.wav');
    for (const reads of ['pool', 'blocking'] as const) {
      await expect(decodeAudioFile(missing, {}, reads)).rejects.toMatchObject({
        code: 'unreadable',
        path: missing,
        reason: 'cannot read the file: no such file',
      });
      await expect(decodeAudioFile(dir, {}, reads)).rejects.toMatchObject({ code: 'unreadable', path: dir });
    }
    await expect(readAudioInfoFile(dir)).rejects.toMatchObject({ code: 'unreadable', path: dir });
    const cut = join(dir, 'cut.wav');
    const bytes = encodeWav(tone, 16000);
    await writeFile(cut, bytes.subarray(0, 100));
    await expect(decodeAudioFile(cut)).rejects.toMatchObject({ code: 'truncated', path: cut });
    await expect(decodeAudioFile(cut, {}, 'blocking')).rejects.toMatchObject({ code: 'truncated', path: cut });
    await expect(readAudioInfoFile(cut)).rejects.toMatchObject({ code: 'truncated', path: cut });
  });
});
