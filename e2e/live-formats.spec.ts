// Live view, "Open a file": FLAC, MP3, Ogg Vorbis, Ogg Opus and WebM/Opus files (made by ffmpeg from
// spoken sentences) open like a WAV — the browser decodes them — and each of their two utterances is predicted.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { COMPRESSED_FORMATS, FFMPEG_FORMATS, ffmpegConvert, skipWithoutFfmpeg } from '../src-main/testing/ffmpeg-fixtures';
import { launchWithMic, openLive, speechWav, SPEECH_MISSING, tempDir } from './live-audio';

const tmp = tempDir('ser-e2e-live-formats-');
test.afterAll(() => tmp.remove());

test('the file picker takes each compressed format; each file is decoded and its utterances predicted', async ({ host }) => {
  test.skip(SPEECH_MISSING !== undefined, SPEECH_MISSING);
  test.skip(skipWithoutFfmpeg, 'ffmpeg is not installed (apt-get install ffmpeg)');
  test.setTimeout(150_000);
  const wav = speechWav(tmp.dir, 'two.wav', ['My keys are in the kitchen drawer.', 'We will leave at seven tomorrow.']);
  const browser = await launchWithMic(undefined);
  try {
    const page = await openLive(browser, host.url);
    const accept = (await page.getByTestId('live-file-input').getAttribute('accept')) ?? '';
    for (const ext of ['.flac', '.mp3', '.ogg', '.oga', '.opus', '.webm', '.weba', 'audio/*', 'video/webm']) expect(accept.split(','), ext).toContain(ext);
    const status = page.getByTestId('live-file-status');
    for (const format of COMPRESSED_FORMATS) {
      const file = `${tmp.dir}/two.${FFMPEG_FORMATS[format].ext}`;
      ffmpegConvert(wav.path, format, file);
      await page.getByTestId('live-file-input').setInputFiles(file);
      await expect(status, format).toContainText(`two.${FFMPEG_FORMATS[format].ext}`);
      await expect(status, format).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
      await expect(status, format).toHaveAttribute('data-utterances', '2');
      await expect(page.getByTestId('live-file-error')).toHaveCount(0);
    }
    // A file the browser cannot decode says what it can open.
    const cut = `${tmp.dir}/cut.mp3`;
    writeFileSync(cut, readFileSync(`${tmp.dir}/two.flac`).subarray(0, 60));
    await page.getByTestId('live-file-input').setInputFiles(cut);
    await expect(page.getByTestId('live-file-error')).toContainText('Could not decode “cut.mp3”');
    await expect(page.getByTestId('live-file-error')).toContainText('Open a WAV, FLAC, MP3, Ogg (Vorbis or Opus), WebM (Opus) or M4A file');
  } finally {
    await browser.close();
  }
});
