/**
 * Live view helpers: fake-microphone WAVs of spoken sentences (espeak-ng) joined by silence, and a Chromium of
 * its own per test, since the fake microphone is chosen by launch flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { encodeWavPcm16 } from '../src-main/core/audio';
import { speak } from '../src-main/testing/spoken';

export { SPEECH_MISSING } from '../src-main/testing/spoken';

export interface FakeMicWav {
  path: string;
  seconds: number;
}

/** A temp folder removed by `remove()`. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Clips (at one rate) joined with `gapSeconds` of silence, `leadSeconds` before and `tailSeconds` after. */
export function joinWithSilence(
  clips: Float32Array[],
  sampleRate: number,
  opts: { gapSeconds?: number; leadSeconds?: number; tailSeconds?: number } = {},
): Float32Array {
  const gap = Math.round((opts.gapSeconds ?? 1.5) * sampleRate);
  const lead = Math.round((opts.leadSeconds ?? 0.8) * sampleRate);
  const tail = Math.round((opts.tailSeconds ?? 2.5) * sampleRate);
  const total = lead + clips.reduce((n, c) => n + c.length, 0) + gap * Math.max(0, clips.length - 1) + tail;
  const out = new Float32Array(total);
  let at = lead;
  clips.forEach((c, i) => {
    out.set(c, at);
    at += c.length + (i < clips.length - 1 ? gap : 0);
  });
  return out;
}

/** Spoken sentences joined by silence, written as a 16-bit WAV. */
export function speechWav(dir: string, name: string, sentences: string[], opts: { gapSeconds?: number; tailSeconds?: number } = {}): FakeMicWav {
  const spoken = sentences.map((s) => speak(s));
  const rate = spoken[0]!.sampleRate;
  const samples = joinWithSilence(
    spoken.map((s) => s.samples),
    rate,
    opts,
  );
  return writeWav(dir, name, samples, rate);
}

export function writeWav(dir: string, name: string, samples: Float32Array, sampleRate: number): FakeMicWav {
  const path = join(dir, name);
  writeFileSync(path, encodeWavPcm16(samples, sampleRate));
  return { path, seconds: samples.length / sampleRate };
}

const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * A Chromium whose microphone plays `wav` once (then silence). `fakeDevice: false`: no fake device at all;
 * `fakeUi: false`: no auto-accepted permission prompt.
 */
export async function launchWithMic(wav: string | undefined, opts: { fakeDevice?: boolean; fakeUi?: boolean } = {}): Promise<Browser> {
  const args = [...BASE_ARGS, '--autoplay-policy=no-user-gesture-required'];
  if (opts.fakeUi !== false) args.push('--use-fake-ui-for-media-stream');
  if (opts.fakeDevice !== false) args.push('--use-fake-device-for-media-stream');
  if (wav) args.push(`--use-file-for-fake-audio-capture=${wav}%noloop`);
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
}

/** Opens the app's Live view in a new page of `browser`. */
export async function openLive(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Live', exact: true }).click();
  await page.getByTestId('live-record').waitFor();
  // The model the app ships, whatever models earlier specs trained on this worker's host (the newest would be active).
  await page.getByTestId('live-model').selectOption('tess-sequence');
  return page;
}
