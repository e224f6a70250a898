/**
 * The corpus view end to end: open a folder, counts equal `ser scan --json`, filter, select, play,
 * the waveform and MFCC canvases are drawn, and a screenshot of every view is saved.
 */
import { existsSync } from 'node:fs';
import { writeTessCorpus, type GeneratedCorpus } from './corpus';
import type { TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AppPage } from './app-page';
import { serScan, sharedTess, type ScanSummary } from './processes';

async function checkCountsMatchScan(app: AppPage, ref: ScanSummary): Promise<void> {
  await app.waitForCorpus(ref.clipCount);
  await expect(app.summary).toContainText(`${ref.clipCount} clips`);
  expect(await app.numberOf('speaker-count')).toBe(ref.speakers.length);
  expect(await app.numberOf('problem-count')).toBe(ref.problems.length);
  expect(await app.numberOf('duplicate-count')).toBe(ref.duplicates.length);
  expect(await app.summary.getByTestId('corpus-convention').getAttribute('data-value')).toBe(ref.corpus);
  expect(await app.labelCounts()).toEqual(ref.labelCounts);
  expect(await app.shownCount()).toBe(ref.clipCount);
}

async function filterByLabel(app: AppPage, ref: ScanSummary, label: string): Promise<void> {
  await app.page.getByRole('combobox', { name: 'Label' }).selectOption(label);
  await expect(app.filteredCount).toHaveAttribute('data-value', String(ref.labelCounts[label]));
  await expect(app.filteredCount).toContainText(`Showing ${ref.labelCounts[label]} of ${ref.clipCount} clips`);
}

async function screenshotEveryView(app: AppPage, testInfo: TestInfo, prefix: string): Promise<void> {
  for (const view of ['Train', 'Evaluate', 'Live', 'Models', 'Corpus'] as const) {
    await app.tab(view).click();
    await expect(app.tab(view)).toHaveAttribute('aria-selected', 'true');
    await expect(app.page.getByRole('heading', { level: 1, name: view })).toBeVisible();
    await app.screenshot(testInfo, `${prefix}-view-${view.toLowerCase()}`);
  }
}

async function selectAndPlay(app: AppPage): Promise<void> {
  const rows = app.grid.getByRole('row').filter({ has: app.page.getByRole('gridcell') });
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  const relPath = await rows.nth(1).getByRole('gridcell').first().getAttribute('title');
  if (relPath) await expect(app.inspector.getByRole('heading', { level: 2 })).toHaveText(relPath);

  const play = app.inspector.getByRole('button', { name: 'Play' });
  await expect(play).toBeEnabled({ timeout: 20_000 });
  const before = await app.playbackSeconds();
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => app.playbackSeconds(), { timeout: 10_000, message: 'playback position advances' }).toBeGreaterThan(before + 0.1);
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');

  await expect.poll(() => app.hasDrawnPixels(app.inspector.getByRole('group', { name: 'Waveform' }).locator('canvas')), { message: 'waveform canvas has drawn pixels' }).toBe(true);
  await expect.poll(() => app.hasDrawnPixels(app.inspector.locator('canvas[aria-label="MFCC heatmap"]')), { message: 'MFCC heatmap has drawn pixels' }).toBe(true);
}

test.describe('generated TESS-named corpus', () => {
  let corpus: GeneratedCorpus;
  let ref: ScanSummary;
  test.beforeAll(() => {
    corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'happy', 'neutral', 'sad'], words: ['back', 'bar', 'base'], seconds: 1.2 });
    ref = serScan(corpus.root);
  });
  test.afterAll(() => corpus.remove());

  test('the reference scan sees what was generated', () => {
    expect(ref.clipCount).toBe(corpus.clips);
    expect(ref.labelCounts).toEqual(corpus.labelCounts);
    expect(ref.problems).toHaveLength(1);
  });

  test('open, counts match ser scan, filter, select, play, drawn canvases', async ({ openApp }, testInfo) => {
    const app = await openApp({ corpus: corpus.root });
    await checkCountsMatchScan(app, ref);
    await expect(app.page.getByRole('list', { name: 'Problem files' }).getByRole('listitem')).toHaveCount(1);
    await app.screenshot(testInfo, 'corpus-generated');
    await filterByLabel(app, ref, 'sad');
    await app.page.getByRole('searchbox', { name: 'Search clips' }).fill('YAF');
    await expect(app.filteredCount).toHaveAttribute('data-value', String(ref.labelCounts.sad / 2));
    await app.page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(app.filteredCount).toHaveAttribute('data-value', String(ref.clipCount));
    await app.page.getByRole('combobox', { name: 'Word' }).selectOption('bar');
    await expect(app.filteredCount).toHaveAttribute('data-value', String(corpus.speakers.length * corpus.labels.length));
    await app.page.getByRole('button', { name: 'Clear filters' }).click();
    await selectAndPlay(app);
    await screenshotEveryView(app, testInfo, 'generated');
    await expect(app.statusBar).toContainText('ML backend');
  });

  test('arrow keys move through clips and space plays and pauses', async ({ openApp }) => {
    const app = await openApp({ corpus: corpus.root });
    await app.waitForCorpus(ref.clipCount);
    const heading = app.inspector.getByRole('heading', { level: 2 });
    await expect(heading).not.toBeEmpty();
    const first = await heading.textContent();
    await app.grid.focus();
    await app.page.keyboard.press('ArrowDown');
    await expect(heading).not.toHaveText(first ?? '');
    const second = await heading.textContent();
    await app.page.keyboard.press('ArrowUp');
    await expect(heading).toHaveText(first ?? '');
    await app.page.keyboard.press('ArrowDown');
    await expect(heading).toHaveText(second ?? '');
    const play = app.inspector.getByRole('button', { name: 'Play' });
    await expect(play).toBeEnabled({ timeout: 20_000 });
    await app.page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await app.page.keyboard.press('Space');
    await expect(play).toHaveAttribute('aria-pressed', 'false');
  });

  test('a folder that does not exist gives a clear error', async ({ openApp, shell }) => {
    test.skip(shell === 'electron', 'Electron opens folders through the native dialog, not a typed path');
    const app = await openApp({ corpus: `${corpus.root}-missing` });
    await expect(app.page.getByRole('alert')).toContainText(`${corpus.root}-missing`);
  });
});

test.describe('TESS from ../shared/data/tess', () => {
  test.skip(!existsSync(sharedTess), `TESS is not at ${sharedTess}; the generated corpus specs cover the same steps`);

  test('1427 clips, counts match ser scan, filter, play; a screenshot of every view', async ({ openApp }, testInfo) => {
    const ref = serScan(sharedTess);
    const app = await openApp({ corpus: sharedTess });
    await checkCountsMatchScan(app, ref);
    await app.screenshot(testInfo, 'corpus-tess');
    await filterByLabel(app, ref, 'angry');
    await selectAndPlay(app);
    await app.screenshot(testInfo, 'corpus-tess-clip');
    await screenshotEveryView(app, testInfo, 'tess');
  });
});
