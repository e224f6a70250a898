/**
 * Teach it your voice, in the Live view against a host of its own: a seed model trained by `ser train` on a generated
 * corpus, recordings saved in another voice (laid out as the Live view saves takes), the panel's count of them, a
 * teach job with its progress, before → after on the held-out recordings, and the new model made the active one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { test } from './fixtures';
import { launchWithMic, openLive, tempDir } from './live-audio';
import { projectRoot, startHostProcess } from './processes';
import { makeShiftedRecordings, makeToneCorpus } from '../src-main/testing/train-test-corpus';

test('teaches the active model the saved takes into a new model, shows before and after, and switches Live to it', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const tmp = tempDir('ser-e2e-teach-');
  const models = join(tmp.dir, 'models');
  const recordings = join(tmp.dir, 'recordings');
  makeToneCorpus(join(tmp.dir, 'corpus'), 12);
  const cli = join(projectRoot, 'dist-main', 'cli', 'main.js');
  const train = spawnSync(
    process.execPath,
    [cli, 'train', join(tmp.dir, 'corpus'), '--epochs', '10', '--batch', '16', '--out', join(models, 'source'), '--name', 'Tone seed'],
    {
      encoding: 'utf8',
    },
  );
  expect(train.status, train.stderr).toBe(0);
  const host = await startHostProcess([], { SER_MODELS_DIR: models, SER_RECORDINGS_DIR: recordings });
  const browser = await launchWithMic(undefined);
  try {
    const page = await openLive(browser, host.url);
    await page.getByTestId('live-model').selectOption('source');
    const panel = page.getByTestId('live-teach');
    await expect(panel.getByTestId('live-teach-recordings')).toContainText('No takes saved yet');
    await expect(panel.getByTestId('live-teach-start')).toBeDisabled();
    await expect(panel).toContainText('Save at least 6 takes');

    makeShiftedRecordings(recordings, 8, 'Sam');
    // A take saved in the view counts the folder again; here the files came from outside, so reopen the view.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Models', exact: true }).click();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Live', exact: true }).click();
    await expect(panel.getByTestId('live-teach-recordings')).toHaveText('24 takes by Sam: neutral 8, sad 8, angry 8.');
    await panel.getByTestId('live-teach-start').click();
    await expect(panel.getByTestId('live-teach-progress')).toBeVisible();
    const result = panel.getByTestId('live-teach-result');
    await expect(result).toBeVisible({ timeout: 120_000 });
    await expect(result).toContainText('On 6 held-out recordings (18 learnt from)');
    await expect(result).toContainText('mixing in 36 clips of its training corpus');
    const cells = await result.locator('tbody tr').first().locator('td').allTextContents();
    const [before, after] = cells.map((t) => parseFloat(t));
    console.log(`teach in the Live view: held-out accuracy ${before} % → ${after} %`);
    expect(after).toBeGreaterThan(before!);
    await page.screenshot({ path: testInfo.outputPath('live-teach.png') });

    const newId = (await result.getAttribute('data-model-id'))!;
    await panel.getByTestId('live-teach-use').click();
    await expect(page.getByTestId('live-model')).toHaveValue(newId);
    await expect(result).toContainText(/Live now uses Tone seed-taught-/);
  } finally {
    await browser.close();
    await host.stop();
    tmp.remove();
  }
});
