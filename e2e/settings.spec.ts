/** The Settings panel: where models, the feature cache and recordings live, the cache's size, and clearing it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { startHostProcess } from './processes';

test('Settings names the folders and how they were set, shows the cache size, and clears the cache', async ({ browser, shell }) => {
  test.skip(shell === 'electron', 'the folders are chosen with the browser host’s flags here');
  const dir = mkdtempSync(join(tmpdir(), 'ser-e2e-settings-'));
  const cache = join(dir, 'features');
  const entry = join(cache, 'seed-x', 'ab', `${'ab'.repeat(20)}.f32`);
  mkdirSync(join(cache, 'seed-x', 'ab'), { recursive: true });
  writeFileSync(entry, new Uint8Array(2048));
  const host = await startHostProcess(['--cache-dir', cache, '--models-dir', join(dir, 'models')], { SER_RECORDINGS_DIR: join(dir, 'recordings') });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(host.url);
    const app = new AppPage(page);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await expect(dialog.getByTestId('folder-models')).toContainText(join(dir, 'models'));
    await expect(dialog.getByTestId('folder-models')).toContainText('set by --models-dir when the app was started');
    await expect(dialog.getByTestId('folder-recordings')).toContainText(join(dir, 'recordings'));
    await expect(dialog.getByTestId('folder-recordings')).toContainText('set by $SER_RECORDINGS_DIR');
    await expect(dialog.getByTestId('folder-cache')).toContainText(cache);
    await expect(dialog.getByTestId('cache-size')).toHaveText('1 cached feature, 2.0 KiB');
    const settings = await app.request('settings.get', {});
    expect(settings.cache).toEqual({ files: 1, bytes: 2048 });

    await dialog.getByRole('button', { name: 'Clear cache' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Removed 1 cached feature (2.0 KiB).');
    await expect(dialog.getByTestId('cache-size')).toHaveText('0 cached features, 0 B');
    await expect(dialog.getByRole('button', { name: 'Clear cache' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await context.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
