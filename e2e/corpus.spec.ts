/**
 * The corpus view end to end: open a folder, counts equal `ser scan --json`, filter, select, play,
 * the waveform and MFCC canvases are drawn, the seed window and the status bar show what the api says,
 * and a screenshot of every view is saved.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { AppInfo } from '../src-main/api/contract';
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

/** The status bar's backend item for app.info's `mlBackend` (the rule StatusBar.svelte follows). */
function backendText(b: AppInfo['mlBackend']): string {
  if ((b.state === 'ready' || b.state === 'planned') && b.name) return `ML backend: ${b.name} (${b.detail})`;
  if (b.state === 'error') return `ML backend error: ${b.detail}`;
  return `ML backend: ${b.detail}`;
}

async function expectBackendAsAppInfo(app: AppPage): Promise<AppInfo['mlBackend']> {
  const { mlBackend } = await app.request('app.info', {});
  await expect(app.mlBackend).toHaveAttribute('data-state', mlBackend.state);
  await expect(app.mlBackend).toHaveText(backendText(mlBackend));
  return mlBackend;
}

/** The waveform marks the seed window the host computed for this clip (ClipFeatures.seedWindow). */
async function expectSeedWindowFromHost(app: AppPage): Promise<void> {
  const path = await app.inspector.getByRole('heading', { level: 2 }).getAttribute('title');
  expect(path, 'the inspector heading names the clip path').toBeTruthy();
  const { seedWindow } = await app.request('clip.features', { path: path! });
  const legend = app.inspector.getByTestId('seed-window');
  await expect(legend).toHaveAttribute('data-start', String(seedWindow.startSeconds));
  await expect(legend).toHaveAttribute('data-end', String(seedWindow.endSeconds));
  // The region itself, inside wavesurfer's shadow root.
  await expect(app.inspector.locator('[part~="seed-window"]')).toBeAttached();
}

/** The chart.js charts (descriptors of the selected clip, clips per label) have drawn something. */
async function expectChartsDrawn(app: AppPage): Promise<void> {
  for (const series of ['RMS level', 'Spectral centroid', 'Zero-crossing rate']) {
    const chart = app.inspector.getByRole('img', { name: `${series} over time` }).locator('canvas');
    await expect.poll(() => app.hasDrawnPixels(chart), { message: `${series} chart has drawn pixels` }).toBe(true);
  }
  const labelChart = app.page.getByRole('img', { name: /^Bar chart of clips per label/ }).locator('canvas');
  await expect.poll(() => app.hasDrawnPixels(labelChart), { message: 'clips-per-label chart has drawn pixels' }).toBe(true);
}

async function selectAndPlay(app: AppPage): Promise<void> {
  const rows = app.grid.getByRole('row').filter({ has: app.page.getByRole('gridcell') });
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  const fileCell = rows.nth(1).getByRole('gridcell').first();
  expect(await fileCell.getAttribute('title'), 'the file cell carries the relative path as its title').toBeTruthy();
  // Both show the path below the folder every clip shares.
  await expect(app.inspector.getByRole('heading', { level: 2 })).toHaveText((await fileCell.textContent())!);
  await expectSeedWindowFromHost(app);

  const play = app.inspector.getByRole('button', { name: 'Play' });
  await expect(play).toBeEnabled({ timeout: 20_000 });
  const before = await app.playbackSeconds();
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => app.playbackSeconds(), { timeout: 10_000, message: 'playback position advances' }).toBeGreaterThan(before + 0.1);
  await play.click();
  await expect(play).toHaveAttribute('aria-pressed', 'false');

  await expect
    .poll(() => app.hasDrawnPixels(app.inspector.getByRole('group', { name: 'Waveform' }).locator('canvas')), { message: 'waveform canvas has drawn pixels' })
    .toBe(true);
  await expect
    .poll(() => app.hasDrawnPixels(app.inspector.locator('canvas[aria-label="MFCC heatmap"]')), { message: 'MFCC heatmap has drawn pixels' })
    .toBe(true);
  await expectChartsDrawn(app);
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
    // Charts are rebuilt in the other colour scheme's colours when the OS switches it.
    await app.page.emulateMedia({ colorScheme: 'dark' });
    await expectChartsDrawn(app);
    await app.screenshot(testInfo, 'corpus-generated-dark');
    await app.page.emulateMedia({ colorScheme: 'light' });
    await screenshotEveryView(app, testInfo, 'generated');
    await expectBackendAsAppInfo(app);
  });

  test('a training job shows in the status bar while it runs, then the ML backend it chose', async ({ openApp }) => {
    test.setTimeout(120_000);
    const app = await openApp({ corpus: corpus.root });
    await app.waitForCorpus(ref.clipCount);
    await expectBackendAsAppInfo(app);
    await expect(app.runningJobs).toHaveText('No running jobs');
    const { jobId } = await app.request('train.start', {
      corpusDir: corpus.root,
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 2,
      batchSize: 8,
      seed: 1,
    });
    await expect(app.runningJobs).toContainText(`1 running job: Train seed on ${basename(corpus.root)}`);
    await expect
      .poll(async () => (await app.request('jobs.list', {})).jobs.find((j) => j.jobId === jobId)?.state, { timeout: 90_000, message: 'the job ends' })
      .toBe('done');
    await expect(app.runningJobs).toHaveText('No running jobs');
    const backend = await expectBackendAsAppInfo(app);
    expect(backend.state, 'a finished training job has chosen a backend').toBe('ready');
  });

  test('a job started before a page reload still shows after it (jobs.list), until it is cancelled', async ({ openApp }) => {
    const app = await openApp({ corpus: corpus.root });
    await app.waitForCorpus(ref.clipCount);
    // Far more epochs than the test waits for: the job is certainly running across the reload.
    const { jobId } = await app.request('train.start', {
      corpusDir: corpus.root,
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 5000,
      batchSize: 8,
      seed: 1,
    });
    await expect(app.runningJobs).toContainText('1 running job');
    await app.page.reload();
    await expect(app.runningJobs).toContainText(`1 running job: Train seed on ${basename(corpus.root)}`);
    expect((await app.request('job.cancel', { jobId })).cancelled).toBe(true);
    await expect(app.runningJobs).toHaveText('No running jobs');
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
