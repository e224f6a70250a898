/**
 * Calibrate to your voice, in the Live view against a host of its own: a per-speaker normalised model (trained by
 * `ser train --speaker-norm all` on a generated corpus) calibrates from neutral sentences read into Chromium's fake
 * microphone, names the calibration in every final after, keeps it under the speaker's name for the next session,
 * and forgets it. The built-in model, trained without normalisation, says it takes none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { writeTessCorpus } from './corpus';
import { test } from './fixtures';
import { joinWithSilence, launchWithMic, openLive, SPEECH_MISSING, tempDir, writeWav } from './live-audio';
import { projectRoot, startHostProcess } from './processes';
import { speak } from '../src-main/testing/spoken';
import { CALIBRATION_PROMPTS } from '../src-renderer/src/lib/calibration';

test('calibrates from read sentences, predicts with the calibration, keeps it for the next session and forgets it', async ({}, testInfo) => {
  test.skip(SPEECH_MISSING !== undefined, SPEECH_MISSING);
  test.setTimeout(240_000);
  const tmp = tempDir('ser-e2e-calibrate-');
  const corpus = writeTessCorpus({ labels: ['angry', 'neutral', 'sad'], words: ['back', 'bar', 'base', 'bath'], seconds: 1 });
  const models = join(tmp.dir, 'models');
  const recordings = join(tmp.dir, 'recordings');
  const train = spawnSync(
    process.execPath,
    [
      join(projectRoot, 'dist-main', 'cli', 'main.js'),
      'train',
      corpus.root,
      '--epochs',
      '1',
      '--batch',
      '8',
      '--speaker-norm',
      'all',
      '--out',
      join(models, 'calibrated'),
      '--name',
      'Calibrated seed',
    ],
    { encoding: 'utf8', env: { ...process.env, SER_MODELS_DIR: models } },
  );
  expect(train.status, train.stderr).toBe(0);

  // Five prompts read, a long pause (Finish is pressed in it), then one more sentence to predict with the calibration.
  const rate = 22050;
  const read = CALIBRATION_PROMPTS.slice(0, 5).map((s) => speak(s).samples);
  const after = speak('Well, that went better than I expected.').samples;
  const wav = writeWav(
    tmp.dir,
    'calibrate.wav',
    Float32Array.from([...joinWithSilence(read, rate, { gapSeconds: 1.2, tailSeconds: 12 }), ...joinWithSilence([after], rate, { tailSeconds: 3 })]),
    rate,
  );
  const host = await startHostProcess([], { SER_MODELS_DIR: models, SER_RECORDINGS_DIR: recordings });
  const browser = await launchWithMic(wav.path);
  try {
    const page = await openLive(browser, host.url);
    const panel = page.getByTestId('live-calibrate');
    await expect(panel.getByTestId('live-calibrate-unavailable')).toContainText('trained without per-speaker normalisation');

    await page.getByTestId('live-model').selectOption('calibrated');
    await expect(panel.getByTestId('live-calibrate-unavailable')).toBeHidden();
    await panel.getByTestId('live-calibrate-name').fill('');
    await panel.getByTestId('live-calibrate-start').click();
    await expect(panel.getByTestId('live-calibrate-error')).toContainText('Type your name first');
    await panel.getByTestId('live-calibrate-name').fill('Tester');
    await panel.getByTestId('live-calibrate-start').click();
    await expect(page.getByTestId('live-recording')).toBeVisible();
    await expect(panel).toHaveAttribute('data-phase', 'reading');
    await expect(panel.getByTestId('live-calibrate-prompt')).toHaveText(CALIBRATION_PROMPTS[0]);
    await expect(panel.getByTestId('live-calibrate-finish')).toBeDisabled();
    await expect(panel.getByTestId('live-calibrate-prompt')).toHaveText(CALIBRATION_PROMPTS[2], { timeout: 60_000 });
    await page.screenshot({ path: testInfo.outputPath('live-calibrate.png') });
    const amount = panel.getByTestId('live-calibrate-amount');
    await expect(amount).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
    // Before the calibration the finals say whose statistics stood in for it.
    await expect(page.getByTestId('live-final')).toHaveAttribute('data-normalisation', /^(training|session)$/);
    await panel.getByTestId('live-calibrate-finish').click();
    const status = panel.getByTestId('live-calibration-status');
    await expect(status).toHaveAttribute('data-calibrated', 'true', { timeout: 15_000 });
    await expect(status).toContainText(/^Using Tester's calibration: \d sentences/);
    const profiles = join(recordings, 'Tester', '.calibration');
    expect(readdirSync(profiles).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    // The sentence after the pause is predicted with it.
    const final = page.getByTestId('live-final');
    await expect(final).toHaveAttribute('data-normalisation', 'calibration', { timeout: 60_000 });
    await expect(page.getByTestId('live-final-normalisation')).toContainText('Normalised with your calibration');
    await page.getByTestId('live-record').click();
    await expect(page.getByTestId('live-recording')).toBeHidden();

    // The next session, in a fresh page: the saved calibration is in use as soon as the microphone opens.
    const next = await openLive(browser, host.url);
    await next.getByTestId('live-model').selectOption('calibrated');
    await next.getByTestId('live-calibrate-name').fill('Tester');
    await next.getByTestId('live-calibrate-name').press('Tab'); // the name is taken on change, as a user leaves the field
    await next.getByTestId('live-record').click();
    const nextStatus = next.getByTestId('live-calibrate').getByTestId('live-calibration-status');
    await expect(nextStatus).toHaveAttribute('data-calibrated', 'true', { timeout: 30_000 });
    await next.getByTestId('live-calibrate-forget').click();
    await expect(nextStatus).toHaveAttribute('data-calibrated', 'false');
    await expect(nextStatus).toContainText('No calibration for Tester yet');
    await expect(next.getByTestId('live-calibrate')).toContainText("Forgot Tester's calibration.");
    expect(existsSync(profiles) ? readdirSync(profiles) : []).toEqual([]);
    await next.getByTestId('live-record').click();
  } finally {
    await browser.close();
    await host.stop();
    corpus.remove();
    tmp.remove();
  }
});
