import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio, decodeAudioFile, readAudioInfo, readAudioInfoFile } from './decode';
import type { AiffOptions, WavOptions } from '../../testing/wav-fixtures';
import { buildForm, buildRiff, chunk, commBody, encodeAiff, encodeWav, fmtBody, quantized } from '../../testing/wav-fixtures';

/** Deterministic test channels: different sines per channel, plus both full-scale ends. */
function channels(count: number, frames = 500): Float32Array[] {
  return Array.from({ length: count }, (_, c) => {
    const ch = new Float32Array(frames);
    for (let i = 0; i < frames; i++) ch[i] = 0.8 * Math.sin((2 * Math.PI * (c + 1) * 3 * i) / frames) + 0.05 * c;
    ch[0] = -1;
    ch[1] = 0.9999;
    return ch;
  });
}

/** What soundfile + librosa.to_mono give: each channel's float32 value, averaged. */
function expectedMono(chs: Float32Array[], value: (v: number) => number): Float32Array {
  const out = new Float32Array(chs[0]!.length);
  for (let i = 0; i < out.length; i++) out[i] = chs.reduce((s, ch) => s + Math.fround(value(ch[i]!)), 0) / chs.length;
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const wavCases: { opts: WavOptions; encoding: string; bits: number; value: (v: number) => number }[] = [
  { opts: { bits: 8 }, encoding: 'pcm8', bits: 8, value: (v) => quantized(v, 8) },
  { opts: { bits: 16 }, encoding: 'pcm16', bits: 16, value: (v) => quantized(v, 16) },
  { opts: { bits: 24 }, encoding: 'pcm24', bits: 24, value: (v) => quantized(v, 24) },
  { opts: { bits: 32 }, encoding: 'pcm32', bits: 32, value: (v) => quantized(v, 32) },
  { opts: { bits: 32, float: true }, encoding: 'float32', bits: 32, value: (v) => v },
  { opts: { bits: 64, float: true }, encoding: 'float64', bits: 64, value: (v) => v },
  { opts: { bits: 16, extensible: true }, encoding: 'pcm16', bits: 16, value: (v) => quantized(v, 16) },
  { opts: { bits: 24, extensible: true }, encoding: 'pcm24', bits: 24, value: (v) => quantized(v, 24) },
  { opts: { bits: 32, float: true, extensible: true }, encoding: 'float32', bits: 32, value: (v) => v },
];

describe('WAV decoding', () => {
  for (const c of wavCases) {
    for (const count of [1, 2, 6]) {
      it(`${c.encoding}${c.opts.extensible ? ' EXTENSIBLE' : ''}, ${count} channel(s): values and down-mix`, () => {
        const chs = channels(count);
        const bytes = encodeWav(chs, 24414, c.opts);
        const audio = decodeAudio(bytes, '/x/clip.wav');
        expect(audio).toMatchObject({ format: 'wav', encoding: c.encoding, sampleRate: 24414, channels: count, bitsPerSample: c.bits, frames: 500 });
        expect(audio.durationSeconds).toBeCloseTo(500 / 24414, 12);
        expect(maxAbsDiff(audio.samples, expectedMono(chs, c.value))).toBe(0);
        expect(readAudioInfo(bytes.subarray(0, 200), bytes.length, '/x/clip.wav')).toEqual({ ...audio, samples: undefined, offsetFrames: undefined });
      });
    }
  }

  it('scales like libsndfile: int16/32768, int24/2^23, int32/2^31, (uint8−128)/128', () => {
    const one = (opts: WavOptions, code: number): number => {
      const bytes = encodeWav([new Float32Array([0])], 8000, opts);
      const dv = new DataView(bytes.buffer);
      const bits = opts.bits!;
      if (bits === 8) dv.setUint8(44, code);
      else if (bits === 16) dv.setInt16(44, code, true);
      else if (bits === 24) [0, 1, 2].forEach((i) => dv.setUint8(44 + i, (code >> (8 * i)) & 0xff));
      else dv.setInt32(44, code, true);
      return decodeAudio(bytes, 'x.wav').samples[0]!;
    };
    expect(one({ bits: 16 }, -32768)).toBe(-1);
    expect(one({ bits: 16 }, 16384)).toBe(0.5);
    expect(one({ bits: 24 }, -8388608)).toBe(-1);
    expect(one({ bits: 24 }, 0x7fffff)).toBe(Math.fround(0x7fffff / 8388608));
    expect(one({ bits: 32 }, -2147483648)).toBe(-1);
    expect(one({ bits: 32 }, 1 << 30)).toBe(0.5);
    expect(one({ bits: 8 }, 0)).toBe(-1);
    expect(one({ bits: 8 }, 128)).toBe(0);
    expect(one({ bits: 8 }, 255)).toBe(127 / 128);
  });

  it('G.711 µ-law and A-law: libsndfile table values and a round trip', () => {
    const codes = (g711: 'ulaw' | 'alaw', bytes: number[]): Float32Array => {
      const wav = encodeWav([new Float32Array(bytes.length)], 8000, { g711 });
      wav.set(bytes, 44);
      const audio = decodeAudio(wav, 'g.wav');
      expect(audio.encoding).toBe(g711);
      return audio.samples;
    };
    expect(Array.from(codes('ulaw', [0xff, 0x00, 0x80, 0x7f])).map((v) => v * 32768)).toEqual([0, -32124, 32124, 0]);
    expect(Array.from(codes('alaw', [0xd5, 0x55, 0xaa, 0x2a])).map((v) => v * 32768)).toEqual([8, -8, 32256, -32256]);
    const chs = channels(1);
    for (const g711 of ['ulaw', 'alaw'] as const) {
      const y = decodeAudio(encodeWav(chs, 8000, { g711 }), 'g.wav').samples;
      for (let i = 0; i < y.length; i++) expect(Math.abs(y[i]! - chs[0]![i]!)).toBeLessThanOrEqual(Math.abs(chs[0]![i]!) / 16 + 2e-3);
    }
  });

  it('walks odd-sized chunks (pad byte), unknown chunks and fmt after data', () => {
    const chs = channels(1, 64);
    const plain = encodeWav(chs, 16000);
    const fmt = plain.subarray(20, 36);
    const data = plain.subarray(44);
    const odd = buildRiff([chunk('LIST', new Uint8Array(3)), chunk('data', data), chunk('junk', new Uint8Array(0)), chunk('fmt ', fmt)]);
    const a = decodeAudio(odd, 'odd.wav');
    expect(maxAbsDiff(a.samples, decodeAudio(plain, 'p.wav').samples)).toBe(0);
    const many = buildRiff([chunk('fmt ', fmt), ...Array.from({ length: 5000 }, () => chunk('pad ', new Uint8Array(0))), chunk('data', data)]);
    expect(decodeAudio(many, 'many.wav').frames).toBe(64);
  });

  it('decodes only the requested frame range', () => {
    const chs = channels(2, 1000);
    const bytes = encodeWav(chs, 22050, { bits: 24 });
    const full = decodeAudio(bytes, 'r.wav').samples;
    const part = decodeAudio(bytes, 'r.wav', { offsetFrames: 100, maxFrames: 250 });
    expect(part.offsetFrames).toBe(100);
    expect(part.frames).toBe(1000);
    expect(Array.from(part.samples)).toEqual(Array.from(full.subarray(100, 350)));
    expect(decodeAudio(bytes, 'r.wav', { offsetFrames: 900, maxFrames: 500 }).samples.length).toBe(100);
    expect(decodeAudio(bytes, 'r.wav', { offsetFrames: 5000 }).samples.length).toBe(0);
    expect(() => decodeAudio(bytes, 'r.wav', { offsetFrames: -1 })).toThrow(RangeError);
  });
});

describe('AIFF and AIFF-C decoding', () => {
  const aiffCases: { opts: AiffOptions; encoding: string; bits: number; value: (v: number) => number }[] = [
    { opts: { bits: 8 }, encoding: 'aiff-pcm8', bits: 8, value: (v) => quantized(v, 8) },
    { opts: { bits: 12 }, encoding: 'aiff-pcm12', bits: 12, value: (v) => quantized(v, 12) },
    { opts: { bits: 16 }, encoding: 'aiff-pcm16', bits: 16, value: (v) => quantized(v, 16) },
    { opts: { bits: 24 }, encoding: 'aiff-pcm24', bits: 24, value: (v) => quantized(v, 24) },
    { opts: { bits: 32 }, encoding: 'aiff-pcm32', bits: 32, value: (v) => quantized(v, 32) },
    { opts: { bits: 16, compression: 'NONE' }, encoding: 'aiff-pcm16', bits: 16, value: (v) => quantized(v, 16) },
    { opts: { bits: 16, compression: 'twos' }, encoding: 'aiff-pcm16', bits: 16, value: (v) => quantized(v, 16) },
    { opts: { bits: 16, compression: 'sowt' }, encoding: 'aiff-sowt-pcm16', bits: 16, value: (v) => quantized(v, 16) },
    { opts: { bits: 24, compression: 'sowt' }, encoding: 'aiff-sowt-pcm24', bits: 24, value: (v) => quantized(v, 24) },
    { opts: { compression: 'fl32' }, encoding: 'aiff-float32', bits: 32, value: (v) => v },
    { opts: { compression: 'fl64' }, encoding: 'aiff-float64', bits: 64, value: (v) => v },
  ];
  for (const c of aiffCases) {
    for (const count of [1, 2]) {
      it(`${c.opts.compression ? `AIFF-C '${c.opts.compression}'` : 'AIFF'} ${c.encoding}, ${count} channel(s)`, () => {
        const chs = channels(count);
        const bytes = encodeAiff(chs, 44100, c.opts);
        const audio = decodeAudio(bytes, '/x/clip.aif');
        expect(audio).toMatchObject({ format: 'aiff', encoding: c.encoding, sampleRate: 44100, channels: count, bitsPerSample: c.bits, frames: 500 });
        expect(maxAbsDiff(audio.samples, expectedMono(chs, c.value))).toBe(0);
      });
    }
  }

  it("AIFF-C 'ulaw', 'alaw' and 'raw ' (unsigned 8-bit)", () => {
    const aifc = (compression: string, codes: number[]): Float32Array => {
      const comm = commBody({ channels: 1, frames: codes.length, bits: 16, sampleRate: 8000, compression });
      const ssnd = new Uint8Array(8 + codes.length);
      ssnd.set(codes, 8);
      return decodeAudio(buildForm('AIFC', [chunk('COMM', comm), chunk('SSND', ssnd)]), 'c.aifc').samples;
    };
    expect(Array.from(aifc('ulaw', [0xff, 0x00, 0x80])).map((v) => v * 32768)).toEqual([0, -32124, 32124]);
    expect(Array.from(aifc('alaw', [0xd5, 0xaa])).map((v) => v * 32768)).toEqual([8, 32256]);
    expect(Array.from(aifc('raw ', [0, 128, 255]))).toEqual([-1, 0, 127 / 128]);
  });

  it('reads the 80-bit extended sample rate (integer part, as libsndfile)', () => {
    for (const [rate, expected] of [
      [24414, 24414],
      [96000, 96000],
      [8000, 8000],
      [22254.545454, 22254],
      [705600, 705600],
    ]) {
      expect(decodeAudio(encodeAiff(channels(1, 10), rate!), 'r.aif').sampleRate).toBe(expected);
    }
  });
});

describe('files on disk', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'audio-decode-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('decodeAudioFile reads a range; a .txt name holding AIFF still decodes (content, not extension)', async () => {
    const chs = channels(2, 3000);
    const path = join(dir, 'clip.txt');
    const bytes = encodeAiff(chs, 24414, { bits: 16 });
    await writeFile(path, bytes);
    const full = decodeAudio(bytes, path).samples;
    const part = await decodeAudioFile(path, { offsetFrames: 1000, maxFrames: 700 });
    expect(part.format).toBe('aiff');
    expect(Array.from(part.samples)).toEqual(Array.from(full.subarray(1000, 1700)));
    expect((await decodeAudioFile(path)).samples).toEqual(full);
  });

  it('a header past the first 64 KiB: readAudioInfo says so, the file functions read on', async () => {
    const chs = channels(1, 100);
    const plain = encodeWav(chs, 16000);
    const bytes = buildRiff([
      chunk('LIST', new Uint8Array(100_000)),
      chunk('fmt ', fmtBody({ tag: 1, channels: 1, sampleRate: 16000, bits: 16 })),
      chunk('data', plain.subarray(44)),
    ]);
    const path = join(dir, 'late-header.wav');
    await writeFile(path, bytes);
    expect(() => readAudioInfo(bytes.subarray(0, 65536), bytes.length, path)).toThrow(expect.objectContaining({ code: 'incomplete-head' }));
    expect(await readAudioInfoFile(path)).toMatchObject({ frames: 100, sampleRate: 16000 });
    const audio = await decodeAudioFile(path, { offsetFrames: 10, maxFrames: 20 });
    expect(Array.from(audio.samples)).toEqual(Array.from(decodeAudio(plain, 'p').samples.subarray(10, 30)));
  });

  it('a file over 1 MiB is read as header, then the range (through the pool or blocking); a smaller one whole', async () => {
    const long = channels(1, 700_000); // 1.4 MB of 16-bit samples
    const late = buildRiff([
      chunk('LIST', new Uint8Array(100_000)), // the header is past the first 64 KiB too
      chunk('fmt ', fmtBody({ tag: 1, channels: 1, sampleRate: 16000, bits: 16 })),
      chunk('data', encodeWav(long, 16000).subarray(44)),
    ]);
    for (const [name, bytes] of [
      ['long.wav', encodeWav(long, 16000)],
      ['late-long.wav', late],
      ['short.wav', encodeWav(channels(1, 5000), 16000)],
    ] as const) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      const full = decodeAudio(bytes, path).samples;
      for (const reads of ['pool', 'blocking'] as const) {
        const part = await decodeAudioFile(path, { offsetFrames: 4321, maxFrames: 600 }, reads);
        expect(Array.from(part.samples), `${name}, ${reads}`).toEqual(Array.from(full.subarray(4321, 4921)));
        expect(part.offsetFrames).toBe(4321);
      }
    }
  });
});
