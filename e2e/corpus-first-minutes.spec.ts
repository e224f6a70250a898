/**
 * What a new user trips on in the Corpus view (issue 13): typed paths as people type them, a folder picker in
 * the browser, a reload that keeps the corpus and clip, file names that stay readable, units, filters that keep a
 * clip in the inspector, label pills that filter, and plain words for the jargon.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import type { Browser } from '@playwright/test';
import { writeTessCorpus, type GeneratedCorpus } from './corpus';
import { AppPage } from './app-page';
import { expect, test } from './fixtures';
import { projectRoot, startHostProcess, type HostProcess } from './processes';

let corpus: GeneratedCorpus;
test.beforeAll(() => {
  corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'happy', 'sad'], words: ['back', 'bar'], seconds: 1.6 });
});
test.afterAll(() => corpus.remove());

test.describe('browser host', () => {
  test.skip(({ shell }) => shell !== 'browser', 'typed paths and the folder picker are the browser host’s; Electron has a native dialog');

  /** A host whose home folder holds a copy of the corpus at ~/corpora/tess-mini. */
  async function hostWithHome(browser: Browser): Promise<{ host: HostProcess; home: string; app: AppPage; close: () => Promise<void> }> {
    const home = mkdtempSync(join(tmpdir(), 'ser-e2e-userhome-'));
    mkdirSync(join(home, 'corpora'));
    mkdirSync(join(home, 'Music'));
    cpSync(corpus.root, join(home, 'corpora', 'tess-mini'), { recursive: true });
    const host = await startHostProcess([], { HOME: home });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(host.url);
    return {
      host,
      home,
      app: new AppPage(page),
      close: async () => {
        await context.close();
        await host.stop();
        rmSync(home, { recursive: true, force: true });
      },
    };
  }

  test('a relative path opens from where the host started, as the field’s hint says', async ({ openApp }) => {
    const app = await openApp();
    await expect(app.page.getByText(`A relative path starts at ${projectRoot} (where the app was started)`)).toBeVisible();
    await app.openByPath(relative(projectRoot, corpus.root));
    await app.waitForCorpus(corpus.clips);
    await expect(app.page.getByRole('heading', { level: 1, name: 'Corpus' }).locator('..').getByTitle(corpus.root)).toBeVisible();
  });

  test('~/… opens from the home folder; the folder picker browses home and opens a folder', async ({ browser }) => {
    const { app, home, close } = await hostWithHome(browser);
    try {
      await expect(app.page.getByText(`is your home folder, ${home}.`)).toBeVisible();
      await app.openByPath('~/corpora/tess-mini');
      await app.waitForCorpus(corpus.clips);

      await app.page.getByRole('button', { name: 'Browse…' }).click();
      const picker = app.page.getByRole('dialog', { name: 'Choose a corpus folder' });
      await expect(picker).toBeVisible();
      await picker.getByRole('button', { name: 'Home', exact: true }).click();
      await expect(picker.getByTestId('picker-path')).toHaveText(home);
      await expect(picker.getByRole('button', { name: '↑ Up' })).toBeDisabled(); // nothing above home is shown
      await expect(picker.getByRole('list', { name: 'Folders' }).getByRole('button')).toHaveText(['📁 corpora', '📁 Music']);
      await picker.getByRole('button', { name: '📁 corpora' }).click();
      await picker.getByRole('button', { name: '📁 tess-mini' }).click();
      await expect(picker.getByTestId('picker-path')).toHaveText(join(home, 'corpora', 'tess-mini'));
      await picker.getByRole('button', { name: '📁 OAF_angry' }).click();
      await expect(picker).toContainText('3 audio files directly in this folder.');
      await picker.getByRole('button', { name: '↑ Up' }).click();
      await picker.getByRole('button', { name: 'Open this folder' }).click();
      await expect(picker).toBeHidden();
      await app.waitForCorpus(corpus.clips);
      await expect(app.page.getByRole('textbox', { name: 'Corpus folder' })).toHaveValue(join(home, 'corpora', 'tess-mini'));
      // Behind the token, and never outside home or opened folders.
      await expect(app.request('corpus.browse', { path: '/etc' })).rejects.toThrow(/forbidden-path: The folder picker shows only your home folder/);
    } finally {
      await close();
    }
  });

  test('a refused path is worded for people, not as request.field: rule', async ({ openApp }) => {
    const app = await openApp();
    await expect(app.request('clip.features', { path: 'relative/clip.wav' })).rejects.toThrow(
      /invalid-args: The folder or file path must be an absolute path\./,
    );
  });
});

/** The rows of the clip table (not the header). */
const rowsOf = (app: AppPage) => app.grid.getByRole('row').filter({ has: app.page.getByRole('gridcell') });
const heading = (app: AppPage) => app.inspector.getByRole('heading', { level: 2 });

test('a reload comes back to the same corpus and the same selected clip', async ({ openApp }) => {
  const app = await openApp({ corpus: corpus.root });
  await app.waitForCorpus(corpus.clips);
  await rowsOf(app).nth(4).click();
  const chosen = await heading(app).getAttribute('title');
  await app.page.reload();
  await app.waitForCorpus(corpus.clips);
  await expect(heading(app)).toHaveAttribute('title', chosen!);
  await expect(rowsOf(app).nth(4)).toHaveAttribute('aria-selected', 'true');
});

test('the File column and the clip header keep the file name whole and cut the middle; Rate has its unit', async ({ openApp }) => {
  const app = await openApp({ corpus: corpus.root });
  await app.waitForCorpus(corpus.clips);
  await app.page.setViewportSize({ width: 1000, height: 900 }); // a narrow File column
  const cell = rowsOf(app).first().getByRole('gridcell').first();
  const title = (await cell.getAttribute('title'))!;
  const name = basename(title);
  const tail = cell.locator('.tail');
  await expect(tail).toHaveText(name);
  const [cellBox, tailBox] = [await cell.boundingBox(), await tail.boundingBox()];
  expect(tailBox!.x + tailBox!.width, `${name} ends inside its cell`).toBeLessThanOrEqual(cellBox!.x + cellBox!.width + 0.5);
  await expect(heading(app).locator('.tail')).toHaveText(name);
  await expect(rowsOf(app).first().getByRole('gridcell').last()).toHaveText(/^\d+ Hz$/);
});

test('filtering keeps the selected clip when it matches, else selects the first match; the label pills filter', async ({ openApp }) => {
  const app = await openApp({ corpus: corpus.root });
  await app.waitForCorpus(corpus.clips);
  const sadRow = rowsOf(app).filter({ hasText: 'OAF_bar_sad.wav' });
  await sadRow.click();
  await expect(heading(app)).toHaveText('OAF_sad/OAF_bar_sad.wav');
  await app.page.getByRole('combobox', { name: 'Label' }).selectOption('sad');
  await expect(heading(app)).toHaveText('OAF_sad/OAF_bar_sad.wav'); // still matches: kept
  await app.page.getByRole('combobox', { name: 'Label' }).selectOption('happy');
  await expect(rowsOf(app).first()).toHaveAttribute('aria-selected', 'true'); // no longer matches: the first match
  await expect(heading(app)).toHaveText((await rowsOf(app).first().getByRole('gridcell').first().textContent())!);
  await app.page.getByRole('button', { name: 'Clear filters' }).click();

  const pill = app.summary.getByRole('button', { name: /^angry \d+$/ });
  await pill.click();
  await expect(pill).toHaveAttribute('aria-pressed', 'true');
  await expect(app.filteredCount).toHaveAttribute('data-value', String(corpus.labelCounts.angry));
  await expect(app.page.getByRole('combobox', { name: 'Label' })).toHaveValue('angry');
  await pill.click();
  await expect(pill).toHaveAttribute('aria-pressed', 'false');
  await expect(app.filteredCount).toHaveAttribute('data-value', String(corpus.clips));
});

test('the total duration stays on one line, the seed window has no label on the waveform, the axis steps evenly, jargon has plain tooltips', async ({
  openApp,
}) => {
  const app = await openApp({ corpus: corpus.root });
  await app.waitForCorpus(corpus.clips);
  await app.page.setViewportSize({ width: 1100, height: 900 });
  const total = app.summary.getByTestId('total-duration').locator('.value');
  const box = await total.boundingBox();
  const lineHeight = await total.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3);
  expect(box!.height, `"${await total.textContent()}" on one line`).toBeLessThan(lineHeight * 1.5);

  const region = app.inspector.locator('[part~="seed-window"]');
  await expect(region).toBeAttached();
  await expect(region).toHaveText('');
  await expect(app.inspector.getByTestId('seed-window')).toHaveAttribute('title', /the part of the clip the seed model listens to/i);
  await expect(app.inspector.getByTitle(/coefficient 0 is the overall loudness/i)).toContainText('(0 is clipped)');
  // A 1.6 s clip: ticks every 0.5 s (0.0, 0.5, 1.0, 1.5 s), the step the chart is given (chart.js alone skipped 1.0 s).
  await expect(app.inspector.getByRole('img', { name: 'RMS level over time' })).toHaveAttribute('data-tick-step', '0.5');
  await expect(app.grid.getByRole('columnheader', { name: /Rate/ }).getByRole('button')).toHaveAttribute(
    'title',
    /Sample rate: audio samples per second, in Hz/,
  );
});
