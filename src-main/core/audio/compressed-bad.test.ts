/**
 * Cut and damaged compressed files (made by ffmpeg, then broken): each gets an AudioDecodeError whose
 * reason says where the audio stops or which frame failed, from the decoder and from the scanner's
 * header read alike; none crashes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeAudio } from '../dataset/probe';
import { FFMPEG_FORMATS, ffmpegConvert, ffmpegSkipNote, skipWithoutFfmpeg } from '../../testing/ffmpeg-fixtures';
import { wavBytes } from '../../testing/test-tree';
import { decodeAudioBytes, decodeAudioFile, readAudioInfo } from './decode';
import type { CompressedFormat } from './errors';

ffmpegSkipNote('the damaged compressed-file tests');
const dir = mkdtempSync(join(tmpdir(), 'ser-compressed-bad-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function made(format: CompressedFormat): Uint8Array {
  const src = join(dir, 'src.wav');
  writeFileSync(src, wavBytes({ sampleRate: 22050, seconds: 1.5, seed: 3 }));
  const path = join(dir, `clip.${FFMPEG_FORMATS[format].ext}`);
  ffmpegConvert(src, format, path);
  return new Uint8Array(readFileSync(path));
}

const cut = (b: Uint8Array, fraction: number) => b.slice(0, Math.floor(b.length * fraction));
function filled(b: Uint8Array, value: number, from: number, length: number): Uint8Array {
  const c = Uint8Array.from(b);
  c.fill(value, from, from + length);
  return c;
}

async function rejection(bytes: Uint8Array): Promise<{ code: string; reason: string }> {
  return (await decodeAudioBytes(bytes, '/bad/clip').then(
    () => ({ code: 'decoded', reason: '' }),
    (e: unknown) => e,
  )) as { code: string; reason: string };
}

describe.skipIf(skipWithoutFfmpeg)('damaged compressed files', () => {
  it('FLAC: cut or zeroed in the middle → where the audio stops against what STREAMINFO declares', async () => {
    const flac = made('flac');
    for (const bad of [cut(flac, 0.5), filled(flac, 0, flac.length >> 1, 2000)]) {
      expect(await rejection(bad)).toMatchObject({
        code: 'truncated',
        reason: expect.stringMatching(
          /^truncated or damaged FLAC data: the audio stops at \d\.\d{3} s \(frame \d+\) of the 1\.500 s \(33075 frames\) STREAMINFO declares$/,
        ),
      });
    }
    expect(await rejection(flac.slice(0, 120))).toMatchObject({ code: 'corrupt', reason: 'corrupt FLAC data: no audio frame could be decoded' });
    expect(() => readAudioInfo(filled(flac, 0xff, 18, 2), flac.length, '/bad/clip')).toThrow(/STREAMINFO declares a sample rate of \d+ Hz/);
  });

  it('MP3: cut → frames short of the Xing count; zeroed frames → the decoder error with its time and byte', async () => {
    const mp3 = made('mp3');
    expect(await rejection(cut(mp3, 0.6))).toMatchObject({
      code: 'truncated',
      reason: expect.stringMatching(/the audio stops at 0\.\d{3} s .* the Xing\/Info header declares$/),
    });
    expect(await rejection(filled(mp3, 0, mp3.length >> 1, 4000))).toMatchObject({
      code: 'corrupt',
      reason: expect.stringMatching(/^corrupt MP3 data after \d\.\d{3} s of audio \(frame \d+, near byte \d+\): /),
    });
  });

  for (const format of ['ogg-vorbis', 'ogg-opus'] as const) {
    it(`${FFMPEG_FORMATS[format].what}: a cut stream lacks its end-of-stream page (decoder and scanner agree); damaged pages are named`, async () => {
      const ogg = made(format);
      const bad = cut(ogg, 0.7);
      const reason = /^truncated: the Ogg stream stops after page \d+ \(ending at byte \d+ of \d+\) without its end-of-stream page$/;
      expect(await rejection(bad)).toMatchObject({ code: 'truncated', reason: expect.stringMatching(reason) });
      const path = join(dir, `cut-${format}`);
      writeFileSync(path, bad);
      expect(await probeAudio(path)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
      const zeroed = await rejection(filled(ogg, 0, ogg.length >> 1, 3000));
      expect(zeroed.reason).toMatch(/the last Ogg page declares$|^corrupt Ogg Opus data after/);
    });
  }

  it('WebM: a cut block names its element and offset; garbage where an element should be is corrupt', async () => {
    const webm = made('webm-opus');
    const path = join(dir, 'cut.webm');
    writeFileSync(path, cut(webm, 0.5));
    await expect(decodeAudioFile(path)).rejects.toMatchObject({
      code: 'truncated',
      reason: expect.stringMatching(/^truncated: the WebM element 0xa3 at byte \d+ declares \d+ bytes, past the end of the file/),
    });
    expect(await probeAudio(path)).toMatchObject({ ok: false, reason: expect.stringMatching(/WebM element 0xa3/) });
    expect(await rejection(filled(webm, 0, webm.length >> 1, 3000))).toMatchObject({
      code: 'corrupt',
      reason: expect.stringMatching(/^corrupt WebM: no valid element header at byte \d+$/),
    });
  });
});
