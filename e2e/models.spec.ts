/**
 * The Models view end to end: two models trained through the api on a generated corpus are listed with the
 * numbers `model.list` reports, sorted, filtered, opened (curves drawn), compared (differences, overlaid
 * curves), renamed, made active, exported, imported back and deleted — once by mouse, once by keyboard only.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { ModelSummary } from '../src-main/api/contract';
import type { AppPage } from './app-page';
import { writeTessCorpus, type GeneratedCorpus } from './corpus';
import { expect, test } from './fixtures';
import { projectRoot, startHostProcess } from './processes';

const RUN = Math.random().toString(36).slice(2, 7);
/** Two runs that differ in split, epochs, batch size and seed (same preset, features, corpus and labels). */
const RUNS = {
  alpha: { name: `e2e-alpha-${RUN}`, split: { kind: 'random', valFraction: 0.25, seed: 1 }, epochs: 2, batchSize: 8, seed: 1 },
  beta: { name: `e2e-beta-${RUN}`, split: { kind: 'speaker', testSpeakers: ['YAF'] }, epochs: 3, batchSize: 4, seed: 2 },
} as const;
type RunKey = keyof typeof RUNS;

/** Model ids of this worker's runs (the host, and so the models folder, lives as long as the worker). */
const trained: Partial<Record<RunKey, string>> = {};

const pct = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

async function listModels(app: AppPage): Promise<ModelSummary[]> {
  return (await app.request('model.list', {})).models;
}

/** Trains the runs this worker does not have yet (both at once), through the page's api, and returns them as model.list has them. */
async function ensureModels(app: AppPage, corpus: GeneratedCorpus): Promise<Record<RunKey, ModelSummary>> {
  let models = await listModels(app);
  const missing = (Object.keys(RUNS) as RunKey[]).filter((k) => !models.some((m) => m.id === trained[k]));
  const jobs = await Promise.all(
    missing.map(async (k) => {
      const { name, split, epochs, batchSize, seed } = RUNS[k];
      const { jobId } = await app.request('train.start', {
        corpusDir: corpus.root,
        preset: 'seed',
        name,
        split: { ...split } as never,
        epochs,
        batchSize,
        seed,
      });
      return { k, jobId, name };
    }),
  );
  for (const job of jobs) {
    await expect
      .poll(
        async () => {
          const info = (await app.request('jobs.list', {})).jobs.find((j) => j.jobId === job.jobId);
          if (info?.state === 'error') throw new Error(`training ${job.name} failed: ${info.message}`);
          return info?.state;
        },
        { timeout: 360_000, intervals: [500, 1000], message: `training ${job.name} ends` },
      )
      .toBe('done');
  }
  models = await listModels(app);
  for (const job of jobs) {
    const m = models.find((x) => x.name === job.name);
    expect(m, `${job.name} is in model.list`).toBeTruthy();
    trained[job.k] = m!.id;
  }
  const byKey = (k: RunKey) => models.find((m) => m.id === trained[k])!;
  return { alpha: byKey('alpha'), beta: byKey('beta') };
}

/** Opens the app on the corpus (which grants the host access to it) and makes sure both models exist. */
async function openWithModels(openApp: (o: { corpus: string }) => Promise<AppPage>, corpus: GeneratedCorpus) {
  const app = await openApp({ corpus: corpus.root });
  await app.waitForCorpus(corpus.clips);
  const models = await ensureModels(app, corpus);
  return { app, models };
}

function table(app: AppPage): Locator {
  return app.page.getByRole('table', { name: 'Saved models' });
}
function row(app: AppPage, id: string): Locator {
  return table(app).locator(`tbody tr[data-model-id="${id}"]`);
}
function details(app: AppPage): Locator {
  return app.page.getByRole('region', { name: 'Model details' });
}

/** The row shows what model.list says about the model. */
async function expectRowMatches(app: AppPage, m: ModelSummary): Promise<void> {
  const r = row(app, m.id);
  await expect(r).toBeVisible();
  await expect(r.getByRole('button', { name: m.name, exact: true })).toBeVisible();
  await expect(r.locator('[data-col="accuracy"]')).toHaveAttribute('data-value', String(m.report!.accuracy));
  await expect(r.locator('[data-col="accuracy"]')).toHaveText(pct(m.report!.accuracy));
  await expect(r.locator('[data-col="uar"]')).toHaveAttribute('data-value', String(m.report!.uar));
  await expect(r.locator('[data-col="uar"]')).toHaveText(pct(m.report!.uar));
  await expect(r.locator('[data-col="epochs"]')).toHaveText(String(m.history.length));
  await expect(r.locator('[data-col="split-counts"]')).toHaveText(`${m.split.trainCount} train / ${m.split.validationCount} val`);
  await expect(r).toContainText(m.preset);
  await expect(r).toContainText(m.featureSpec.kind);
  await expect(r).toContainText(basename(m.corpus!.root!));
  await expect(r).toContainText(m.labels.join(', '));
  await expect(r).toContainText(m.backend);
}

/** The accuracy column, top to bottom, as numbers (blank = no report). */
async function accuracyColumn(app: AppPage): Promise<number[]> {
  const values = await table(app)
    .locator('tbody [data-col="accuracy"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
  return values.filter((v) => v !== '').map(Number);
}

/** Presses Tab until `target` has focus (the keyboard way to get somewhere); fails after `max` presses. */
async function tabTo(app: AppPage, target: Locator, max = 80): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await app.page.evaluate((el) => document.activeElement === el, handle)) return;
    await app.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test.describe('models view', () => {
  let corpus: GeneratedCorpus;
  test.beforeAll(() => {
    corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'happy', 'neutral', 'sad'], words: ['back', 'bar', 'base'], seconds: 1.2 });
  });
  test.afterAll(() => corpus.remove());

  test('with no saved models: says how to get one, and its button goes to Train; a bad import path is explained; a broken model folder is named', async ({
    browser,
  }) => {
    // A fresh models folder holding only a damaged model, and a build without the built-in model.
    const modelsDir = mkdtempSync(join(tmpdir(), 'ser-e2e-models-'));
    mkdirSync(join(modelsDir, 'half-copied'));
    writeFileSync(join(modelsDir, 'half-copied', 'meta.json'), '{"name": "half');
    const host = await startHostProcess([], { SER_BUILTIN_MODELS_DIR: 'none', SER_MODELS_DIR: modelsDir });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(host.url);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Models', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'No saved models yet' })).toBeVisible();
      const unusable = page.getByTestId('unusable-models');
      await expect(unusable).toContainText('1 folder in the models folder could not be read');
      await unusable.locator('summary').click();
      await expect(unusable.getByRole('listitem')).toContainText(join(modelsDir, 'half-copied'));
      await page.getByRole('textbox', { name: 'Import model' }).fill('/definitely/not/here/model.zip');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'Import failed:' })).toBeVisible();
      await page.getByRole('button', { name: 'Go to Train' }).click();
      await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Train', exact: true })).toHaveAttribute('aria-selected', 'true');
    } finally {
      await context.close();
      await host.stop();
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });

  test('lists both runs with model.list’s numbers; sort, filter, curves, compare, rename, Use in Live, export', async ({ openApp }, testInfo) => {
    test.setTimeout(480_000);
    const { app, models } = await openWithModels(openApp, corpus);
    const { alpha, beta } = models;
    await app.tab('Models').click();
    await expect(app.page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
    await expectRowMatches(app, alpha);
    await expectRowMatches(app, beta);

    // Sort by accuracy: best first, then the other way.
    const accuracyHeader = table(app).getByRole('columnheader', { name: 'Accuracy' });
    await accuracyHeader.getByRole('button').click();
    await expect(accuracyHeader).toHaveAttribute('aria-sort', 'descending');
    const desc = await accuracyColumn(app);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await accuracyHeader.getByRole('button').click();
    await expect(accuracyHeader).toHaveAttribute('aria-sort', 'ascending');
    const asc = await accuracyColumn(app);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    await expect(table(app).getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'none');

    // Filter.
    const filter = app.page.getByRole('searchbox', { name: 'Filter models' });
    await filter.fill(alpha.name);
    await expect(app.page.getByTestId('models-count')).toHaveAttribute('data-value', '1');
    await expect(row(app, alpha.id)).toBeVisible();
    await expect(row(app, beta.id)).toHaveCount(0);
    await filter.fill(`e2e ${RUN}`);
    await expect(app.page.getByTestId('models-count')).toHaveAttribute('data-value', '2');

    // One model's details: its numbers and its curves drawn again.
    await row(app, beta.id).getByRole('button', { name: beta.name, exact: true }).click();
    await expect(details(app).getByTestId('details-name')).toHaveText(beta.name);
    await expect(details(app).getByTestId('details-accuracy')).toHaveAttribute('data-value', String(beta.report!.accuracy));
    await expect(details(app).getByTestId('details-uar')).toHaveAttribute('data-value', String(beta.report!.uar));
    await expect(details(app)).toContainText('by speaker, held out YAF');
    for (const id of ['loss-chart', 'accuracy-chart']) {
      await expect.poll(() => app.hasDrawnPixels(details(app).getByTestId(id)), { message: `${id} has drawn pixels` }).toBe(true);
    }

    await details(app).scrollIntoViewIfNeeded();
    await app.screenshot(testInfo, 'models-details');

    // Compare the two: what differs is shown, what is the same is collapsed, the curves are overlaid.
    await row(app, alpha.id)
      .getByRole('checkbox', { name: `Compare ${alpha.name}` })
      .check();
    await expect(app.page.getByText('Check one more model to compare')).toBeVisible();
    await row(app, beta.id)
      .getByRole('checkbox', { name: `Compare ${beta.name}` })
      .check();
    const compare = app.page.getByRole('region', { name: 'Comparing 2 models' });
    await expect(compare).toBeVisible();
    const settings = compare.getByRole('table', { name: 'Settings compared' });
    for (const key of ['split', 'epochs', 'batchSize', 'seed'])
      await expect(settings.locator(`tr[data-setting="${key}"]`)).toHaveAttribute('data-differs', 'true');
    await expect(settings.locator('tr[data-setting="epochs"] td')).toHaveText([String(alpha.history.length), String(beta.history.length)]);
    await expect(settings.locator('tr[data-setting="batchSize"] td')).toHaveText(['8', '4']);
    await expect(settings.locator('tr[data-setting="preset"]')).toHaveCount(0);
    await expect(compare.getByTestId('same-settings')).toContainText('preset seed');
    await compare.getByRole('checkbox', { name: 'Show settings that are the same' }).check();
    await expect(settings.locator('tr[data-setting="preset"]')).toHaveAttribute('data-differs', 'false');
    await compare.getByRole('checkbox', { name: 'Show settings that are the same' }).uncheck();
    const scores = compare.getByRole('table', { name: 'Scores compared' });
    await expect(scores.locator('tr[data-metric="accuracy"] td')).toHaveText(
      [pct(alpha.report!.accuracy), pct(beta.report!.accuracy)].map((t) => new RegExp(`^${t}`)),
    );
    await expect(scores.locator('tr[data-metric="macroF1"] td').first()).toHaveAttribute('data-value', String(alpha.report!.macroAvg.f1));
    const overlay = compare.getByTestId('compare-chart');
    await expect(overlay).toHaveAttribute('aria-label', `Validation accuracy per epoch of ${alpha.name}, ${beta.name}`);
    await expect.poll(() => app.hasDrawnPixels(overlay.locator('canvas')), { message: 'overlaid curves are drawn' }).toBe(true);
    await compare.scrollIntoViewIfNeeded();
    await app.screenshot(testInfo, 'models-compare');
    const screens = join(projectRoot, 'test-results', 'screens');
    mkdirSync(screens, { recursive: true });
    copyFileSync(testInfo.outputPath('models-compare.png'), join(screens, 'models-compare.png'));

    // Rename (display name only: the id stays).
    const renamed = `${beta.name} renamed`;
    await details(app)
      .getByRole('button', { name: `Rename ${beta.name}` })
      .click();
    const nameBox = details(app).getByRole('textbox', { name: 'Model name' });
    await nameBox.fill(renamed);
    await details(app).getByRole('button', { name: 'Save' }).click();
    await expect(details(app).getByTestId('details-name')).toHaveText(renamed);
    await expect(row(app, beta.id).getByRole('button', { name: renamed, exact: true })).toBeVisible();
    expect((await listModels(app)).find((m) => m.id === beta.id)?.name).toBe(renamed);

    // Export: where the zip went is shown, and it is there.
    await details(app).getByRole('button', { name: 'Export' }).click();
    const exported = details(app).getByTestId('export-path');
    await expect(exported).toContainText('.zip');
    const zip = ((await exported.locator('code').textContent()) ?? '').trim();
    expect(existsSync(zip), `${zip} exists`).toBe(true);

    // Import it back from inside the opened corpus folder (the browser host only reads where the user opened a folder).
    const inside = join(corpus.root, 'exported-model.zip');
    copyFileSync(zip, inside);
    const before = new Set((await listModels(app)).map((m) => m.id));
    await app.page.getByRole('textbox', { name: 'Import model' }).fill(inside);
    await app.page.getByRole('button', { name: 'Import', exact: true }).click();
    const importedNote = app.page.getByRole('status').filter({ hasText: /^Imported / });
    await expect(importedNote).toBeVisible();
    const after = await listModels(app);
    const fresh = after.filter((m) => !before.has(m.id));
    expect(fresh, 'one new model in model.list').toHaveLength(1);
    const imported = fresh[0]!;
    expect(imported.report?.accuracy).toBe(beta.report!.accuracy); // the same model, under a new id
    await expect(importedNote).toHaveText(`Imported ${imported.name}.`);
    await expect(details(app).getByTestId('details-name')).toHaveText(imported.name); // the imported copy is selected
    await filter.fill('');
    await expect(row(app, imported.id)).toBeVisible();

    // Delete the imported copy with the mouse: the dialog names it; afterwards it is gone from model.list.
    await details(app).getByRole('button', { name: 'Delete…' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Delete model?' });
    await expect(dialog).toContainText(imported.id);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row(app, imported.id)).toHaveCount(0);
    expect((await listModels(app)).some((m) => m.id === imported.id)).toBe(false);

    // Use in Live (on the run that is not active yet: with no choice made, the newest model is the active one).
    const activeNow = await table(app).locator('tbody tr:has([data-testid="active-badge"])').getAttribute('data-model-id');
    const target = activeNow === beta.id ? alpha : beta;
    await row(app, target.id)
      .getByRole('button', { name: target.id === beta.id ? renamed : target.name, exact: true })
      .click();
    await details(app).getByRole('button', { name: 'Use in Live' }).click();
    await expect(details(app).getByTestId('details-active')).toBeVisible();
    await expect(row(app, target.id).getByTestId('active-badge')).toBeVisible();
    await expect(table(app).getByTestId('active-badge')).toHaveCount(1);
  });

  test('rename and delete with the keyboard only', async ({ openApp }) => {
    test.setTimeout(480_000);
    const { app, models } = await openWithModels(openApp, corpus);
    const { alpha, beta } = models;
    const page = app.page;
    await page.locator('body').focus();
    await page.keyboard.press('Control+5');
    await expect(app.tab('Models')).toHaveAttribute('aria-selected', 'true');

    const filter = page.getByRole('searchbox', { name: 'Filter models' });
    await tabTo(app, filter);
    await page.keyboard.type(alpha.name);
    await expect(page.getByTestId('models-count')).toHaveAttribute('data-value', '1');
    await tabTo(app, row(app, alpha.id).getByRole('button', { name: alpha.name, exact: true }));
    await page.keyboard.press('Enter');
    await expect(details(app).getByTestId('details-name')).toHaveText(alpha.name);

    // Rename: Esc cancels (focus back on Rename), Enter saves.
    const renameButton = details(app).getByRole('button', { name: `Rename ${alpha.name}` });
    await tabTo(app, renameButton);
    await page.keyboard.press('Enter');
    const nameBox = details(app).getByRole('textbox', { name: 'Model name' });
    await expect(nameBox).toBeFocused();
    await page.keyboard.type('not this');
    await page.keyboard.press('Escape');
    await expect(nameBox).toHaveCount(0);
    await expect(details(app).getByTestId('details-name')).toHaveText(alpha.name);
    await expect(renameButton).toBeFocused();
    const renamed = `${alpha.name} by keys`;
    await page.keyboard.press('Enter');
    await expect(nameBox).toBeFocused();
    await page.keyboard.press('End');
    await page.keyboard.type(' by keys');
    await page.keyboard.press('Enter');
    await expect(details(app).getByTestId('details-name')).toHaveText(renamed);
    await expect(details(app).getByRole('button', { name: `Rename ${renamed}` })).toBeFocused();
    expect((await listModels(app)).find((m) => m.id === alpha.id)?.name).toBe(renamed);

    // Delete the other run: the dialog names it and starts on Cancel; Esc cancels, focus returns; then Delete.
    await tabTo(app, filter, 200);
    await page.keyboard.press('Control+a');
    await page.keyboard.type(beta.id);
    await expect(page.getByTestId('models-count')).toHaveAttribute('data-value', '1');
    await tabTo(app, row(app, beta.id).getByRole('button', { name: beta.name }));
    await page.keyboard.press('Enter');
    await expect(details(app).getByTestId('details-name')).toContainText(beta.name);
    const deleteButton = details(app).getByRole('button', { name: 'Delete…' });
    await tabTo(app, deleteButton);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete model?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(beta.id);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(deleteButton).toBeFocused();
    expect((await listModels(app)).some((m) => m.id === beta.id)).toBe(true);

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(row(app, beta.id)).toHaveCount(0);
    await expect(filter).toBeFocused();
    expect((await listModels(app)).some((m) => m.id === beta.id)).toBe(false);
    delete trained.beta;
  });
});
