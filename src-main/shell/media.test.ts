import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusAccess } from '../api/access';
import { decodeAudioFile, encodeWavPcm16 } from '../core/audio';
import { COMPRESSED_FORMATS, FFMPEG_FORMATS, ffmpegConvert, skipWithoutFfmpeg } from '../testing/ffmpeg-fixtures';
import { aiffBytes, wavBytes } from '../testing/test-tree';
import { planClipResponse } from './media';
import { WavTranscodes } from './media-transcodes';

let root: string;
let cache: string;
const access = new CorpusAccess();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ser-media-'));
  cache = mkdtempSync(join(tmpdir(), 'ser-media-cache-'));
  writeFileSync(join(root, 'voice.wav'), aiffBytes({ sampleRate: 16000, seconds: 2 }));
  writeFileSync(join(root, 'cut.wav'), aiffBytes({ sampleRate: 16000, seconds: 2 }).subarray(0, 100));
  await access.grant(root);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

describe('clip media', () => {
  it('converts an AIFF clip once, in a worker, and serves every range request from the converted file', async () => {
    const transcodes = new WavTranscodes(cache);
    const clip = join(root, 'voice.wav');
    const ranges = Array.from({ length: 8 }, (_, i) => `bytes=${i * 1000}-${i * 1000 + 999}`);
    const plans = await Promise.all(ranges.map((r) => planClipResponse(access, clip, r, transcodes)));
    expect(transcodes.conversions).toBe(1);
    await planClipResponse(access, clip, 'bytes=0-', transcodes);
    expect(transcodes.conversions).toBe(1);
    const decoded = await decodeAudioFile(clip);
    const expected = Buffer.from(encodeWavPcm16(decoded.samples, decoded.sampleRate));
    for (const [i, p] of plans.entries()) {
      expect(p.status).toBe(206);
      expect(p.file.startsWith(cache)).toBe(true);
      expect(p.headers['Content-Type']).toBe('audio/wav');
      expect(p.headers['Content-Range']).toBe(`bytes ${i * 1000}-${i * 1000 + 999}/${expected.length}`);
      expect(p).not.toHaveProperty('body');
    }
    expect(readFileSync(plans[0].file).equals(expected)).toBe(true);
  });

  it('answers with words, not raw Node errors', async () => {
    const transcodes = new WavTranscodes(cache);
    const cases: [string, string, RegExp][] = [
      [join(root, 'voice.wav\0x'), 'invalid-args', /^a path cannot contain a NUL character$/],
      [join(root, 'x'.repeat(5000)), 'invalid-args', /^the path is too long for this system$/],
      [join(root, 'voice.wav', 'inner.wav'), 'not-found', /does not exist/],
      [join(root, 'cut.wav'), 'unsupported', /^cannot convert the clip for playback: truncated/],
    ];
    for (const [path, code, message] of cases) {
      const err = await planClipResponse(access, path, null, transcodes).catch((e: unknown) => e);
      expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
      expect((err as Error).message).not.toMatch(/ENOENT|ERR_|errno|syscall|at .*\.js/);
    }
  });
});

describe.skipIf(skipWithoutFfmpeg)('compressed clips (made by ffmpeg)', () => {
  it('each format is served from one decoded WAV copy, the samples the app decodes', async () => {
    const transcodes = new WavTranscodes(cache);
    writeFileSync(join(root, 'tone.wav'), wavBytes({ sampleRate: 22050, seconds: 1 }));
    for (const format of COMPRESSED_FORMATS) {
      const clip = join(root, `tone.${FFMPEG_FORMATS[format].ext}`);
      ffmpegConvert(join(root, 'tone.wav'), format, clip);
      const before = transcodes.conversions;
      const [a, b] = await Promise.all([planClipResponse(access, clip, 'bytes=0-99', transcodes), planClipResponse(access, clip, null, transcodes)]);
      expect(transcodes.conversions, format).toBe(before + 1);
      expect(a.headers['Content-Type']).toBe('audio/wav');
      expect(b.file.startsWith(cache)).toBe(true);
      const decoded = await decodeAudioFile(clip);
      expect(readFileSync(b.file).equals(Buffer.from(encodeWavPcm16(decoded.samples, decoded.sampleRate))), format).toBe(true);
    }
  });
});
