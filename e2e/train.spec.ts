/**
 * The Train view end to end on a generated TESS-named corpus: the split preview's numbers, "Copy as command",
 * a short run whose curves grow and whose result appears, a long run cancelled mid-way (no model left), a run
 * that survives a view switch and a page reload, and the form driven by the keyboard alone.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { TrainArgs } from '../src-main/api/contract';
import type { AppPage } from './app-page';
import { writeTessCorpus, type GeneratedCorpus } from './corpus';
import { expect, test } from './fixtures';
import { projectRoot } from './processes';

class TrainPage {
  constructor(readonly app: AppPage) {}
  get page() {
    return this.app.page;
  }
  get form(): Locator {
    return this.page.getByRole('form', { name: 'Training settings' });
  }
  get preview(): Locator {
    return this.page.getByRole('region', { name: 'Split preview' });
  }
  get run(): Locator {
    return this.page.getByTestId('train-run');
  }
  get epochCounter(): Locator {
    return this.run.getByTestId('epoch-counter');
  }
  get start(): Locator {
    return this.form.getByRole('button', { name: 'Start training' });
  }

  async open(corpus: GeneratedCorpus): Promise<void> {
    await this.app.waitForCorpus(corpus.clips);
    await this.app.tab('Train').click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
    await this.previewReady();
  }

  async previewReady(): Promise<void> {
    await expect(this.preview).toHaveAttribute('data-state', 'ready');
  }

  async count(testId: string): Promise<number> {
    return Number(await this.preview.getByTestId(testId).getAttribute('data-value'));
  }

  /** label → [training, validation] clips as the preview table shows them. */
  async labelTable(labels: string[]): Promise<Record<string, [number, number]>> {
    const out: Record<string, [number, number]> = {};
    for (const l of labels) out[l] = [await this.count(`train-count-${l}`), await this.count(`validation-count-${l}`)];
    return out;
  }

  async epochsDone(): Promise<number> {
    return Number(await this.epochCounter.getAttribute('data-value'));
  }

  async chartData(testId: 'loss-chart' | 'accuracy-chart'): Promise<{ points: number; builds: number }> {
    const canvas = this.run.getByTestId(testId);
    return {
      points: Number((await canvas.getAttribute('data-points')) ?? 0),
      builds: Number((await canvas.getAttribute('data-builds')) ?? 0),
    };
  }

  async setRun(epochs: number, batch: number): Promise<void> {
    await this.form.getByLabel('Epochs', { exact: true }).fill(String(epochs));
    await this.form.getByLabel('Batch size').fill(String(batch));
  }

  /** The args the form shows, as train.preview would get them (the view's default split and seed). */
  args(corpus: GeneratedCorpus, epochs: number, batchSize: number): TrainArgs {
    return { corpusDir: corpus.root, preset: 'seed', split: { kind: 'random', valFraction: 0.2, seed: 42 }, epochs, batchSize, seed: 42, learningRate: 0.001 };
  }
}

/** The ids of the models in the user's models folder (not the one that ships with the app). */
async function modelIds(app: AppPage): Promise<string[]> {
  return (await app.request('model.list', {})).models
    .filter((m) => !m.builtIn)
    .map((m) => m.id)
    .sort();
}

test.describe('Train view on a generated TESS-named corpus', () => {
  let corpus: GeneratedCorpus;
  test.beforeAll(() => {
    corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'happy', 'neutral', 'sad'], words: ['back', 'bar', 'base'], seconds: 1.2 });
  });
  test.afterAll(() => corpus.remove());

  test('without a corpus it says to open one and goes to the Corpus view', async ({ openApp }) => {
    const app = await openApp();
    await app.tab('Train').click();
    await expect(app.page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
    await app.page.getByRole('button', { name: 'Open a corpus in the Corpus view' }).click();
    await expect(app.tab('Corpus')).toHaveAttribute('aria-selected', 'true');
  });

  test('split preview numbers, speaker split, a bad split inline, copy as command', async ({ openApp }) => {
    const app = await openApp({ corpus: corpus.root });
    const train = new TrainPage(app);
    await train.open(corpus);

    // Default: random 0.2, stratified; sklearn puts ceil(0.2 · 24) = 5 clips into validation.
    expect(await train.count('train-clips')).toBe(corpus.clips - Math.ceil(0.2 * corpus.clips));
    expect(await train.count('validation-clips')).toBe(Math.ceil(0.2 * corpus.clips));
    const table = await train.labelTable(corpus.labels);
    for (const l of corpus.labels) expect(table[l]![0] + table[l]![1], `${l}: both sides hold every clip`).toBe(corpus.labelCounts[l]);
    const answer = await app.request('train.preview', train.args(corpus, 30, 64));
    for (const l of corpus.labels) expect(table[l]).toEqual([answer.split.train.labelCounts[l] ?? 0, answer.split.validation.labelCounts[l] ?? 0]);
    expect(await train.count('train-speakers')).toBe(2);
    expect(await train.count('train-words')).toBe(corpus.words.length);

    // Same speaker, same word on both sides: the warning offers the speaker split.
    const warning = train.form.getByTestId('split-warning');
    await expect(warning).toContainText('A speaker split tests that');
    await warning.getByRole('button', { name: 'Use a speaker split' }).click();
    await expect(train.form.getByLabel('Split', { exact: true })).toHaveValue('speaker');
    await expect(train.form.getByRole('checkbox', { name: 'YAF' })).toBeChecked();
    await expect(train.form.getByRole('checkbox', { name: 'OAF' })).not.toBeChecked();
    await train.previewReady();
    expect(await train.count('validation-clips')).toBe(corpus.clips / 2);
    expect(await train.count('validation-speakers')).toBe(1);
    expect(await train.count('train-speakers')).toBe(1);
    for (const l of corpus.labels) expect(await train.count(`validation-count-${l}`)).toBe(corpus.words.length);
    await expect(train.preview.getByTestId('shared-speakers')).toHaveAttribute('data-value', '0');
    await expect(warning).toHaveCount(0);

    // A split the corpus cannot make: the host's reason inline, Start disabled with it.
    await train.form.getByLabel('Split', { exact: true }).selectOption('kfold');
    await train.form.getByLabel('Folds (k)').fill('30');
    await expect(train.preview.getByTestId('preview-error')).toContainText('needs at least 30 clips');
    await expect(train.start).toBeDisabled();
    await expect(train.form.getByTestId('start-blocked')).toContainText('The split cannot be made');
    // A bad field: no request, the message under the field.
    await train.form.getByLabel('Folds (k)').fill('5');
    await train.form.getByLabel('Epochs', { exact: true }).fill('0');
    await expect(train.form.getByText('Must be at least 1.')).toBeVisible();
    await expect(train.start).toBeDisabled();

    await train.form.getByLabel('Split', { exact: true }).selectOption('random');
    await train.setRun(3, 4);
    await train.previewReady();
    await expect(train.start).toBeEnabled();
    const expected = (await app.request('train.preview', train.args(corpus, 3, 4))).command;
    await expect(app.page.getByTestId('train-command')).toHaveText(expected);
    expect(expected).toContain('--epochs 3 --batch 4 --seed 42');
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await app.page.getByRole('button', { name: 'Copy as command' }).click();
    await expect(app.page.getByText('Copied.')).toBeVisible();
    expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  });

  test('a 3-epoch seed run: progress, curves that grow, the result and the saved model', async ({ openApp }, testInfo) => {
    test.setTimeout(180_000);
    const app = await openApp({ corpus: corpus.root });
    const train = new TrainPage(app);
    await train.open(corpus);
    await train.setRun(3, 4);
    await train.previewReady();
    await train.start.click();

    await expect(train.run).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
    await expect(train.start).toBeDisabled();
    await expect(train.form.getByTestId('start-blocked')).toContainText('A training run is in progress');
    await expect.poll(() => train.epochsDone(), { timeout: 120_000, message: 'the epoch counter advances' }).toBeGreaterThanOrEqual(1);
    await expect(train.run).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    expect(await train.epochsDone()).toBe(3);
    for (const id of ['loss-chart', 'accuracy-chart'] as const) {
      await expect.poll(() => app.hasDrawnPixels(train.run.getByTestId(id)), { message: `${id} is drawn` }).toBe(true);
      // Three points, appended to the one chart built when the run began.
      expect(await train.chartData(id)).toEqual({ points: 3, builds: 1 });
    }
    await expect(train.run.getByTestId('run-backend')).toContainText('backend:');

    const result = train.run.getByRole('region', { name: 'Validation result' });
    await expect(result).toBeVisible();
    const modelId = await result.getByTestId('saved-model').getAttribute('data-value');
    expect(modelId).toBeTruthy();
    const model = (await app.request('model.list', {})).models.find((m) => m.id === modelId);
    expect(model, 'the saved model is listed').toBeDefined();
    expect(Number(await result.getByTestId('result-accuracy').getAttribute('data-value'))).toBe(model!.report!.accuracy);
    expect(Number(await result.getByTestId('result-uar').getAttribute('data-value'))).toBe(model!.report!.uar);
    await expect(result.getByRole('table', { name: 'Per-label validation scores' }).getByRole('row')).toHaveCount(corpus.labels.length + 2);
    await expect(train.start).toBeEnabled();

    await app.screenshot(testInfo, 'train-result');
    await result.getByRole('button', { name: 'Open in Evaluate' }).click();
    await expect(app.tab('Evaluate')).toHaveAttribute('aria-selected', 'true');
  });

  test('a long run grows in place, survives a view switch and a reload, and a cancel leaves no model', async ({ openApp }, testInfo) => {
    test.setTimeout(180_000);
    const app = await openApp({ corpus: corpus.root });
    const train = new TrainPage(app);
    await train.open(corpus);
    const before = await modelIds(app);
    await train.setRun(5000, 4);
    await train.previewReady();
    await train.start.click();
    await expect(train.run).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
    const jobId = await train.run.getAttribute('data-job-id');

    await expect.poll(() => train.epochsDone(), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    const first = await train.epochsDone();
    await expect.poll(() => train.epochsDone(), { timeout: 60_000, message: 'the epoch counter advances' }).toBeGreaterThan(first);
    await expect.poll(async () => (await train.chartData('loss-chart')).points, { message: 'the loss curve gains points' }).toBeGreaterThan(first);
    expect((await train.chartData('loss-chart')).builds, 'appended, not rebuilt').toBe(1);
    await expect.poll(() => app.hasDrawnPixels(train.run.getByTestId('loss-chart'))).toBe(true);
    await expect(train.run.getByTestId('progress-line')).toContainText(/Epoch \d+\/5000 · batch \d+\/\d+/);
    await expect(train.run.getByTestId('clips-per-second')).toContainText(/[\d.,]+ clips\/s/);

    const shot = testInfo.outputPath('train-mid-run.png');
    await app.page.screenshot({ path: shot });
    await testInfo.attach('train-mid-run', { path: shot, contentType: 'image/png' });
    const screens = join(projectRoot, 'test-results', 'screens');
    mkdirSync(screens, { recursive: true });
    copyFileSync(shot, join(screens, 'train-mid-run.png'));

    // Leave the view and come back: the same run, still going, every epoch on the curve.
    const seen = await train.epochsDone();
    await app.tab('Corpus').click();
    await app.tab('Train').click();
    await expect(train.run).toHaveAttribute('data-job-id', jobId!);
    await expect(train.run).toHaveAttribute('data-state', 'running');
    expect(await train.epochsDone()).toBeGreaterThanOrEqual(seen);
    await expect.poll(async () => (await train.chartData('loss-chart')).points).toBeGreaterThanOrEqual(seen);

    // Reload: jobs.list brings the run back; its earlier epochs are said to be missing.
    await app.page.reload();
    await app.tab('Train').click();
    await expect(train.run).toHaveAttribute('data-job-id', jobId!);
    await expect(train.run.getByTestId('history-note')).toContainText('earlier epochs and log lines are not available');

    await train.run.getByRole('button', { name: 'Cancel training' }).click();
    await expect(train.run).toHaveAttribute('data-state', 'cancelled', { timeout: 15_000 });
    await expect(train.run.getByTestId('run-state')).toHaveText('Cancelled');
    await expect(train.run.getByTestId('run-cancelled')).toContainText('no model was saved');
    expect(await modelIds(app)).toEqual(before);
    // Nor anything half-made: the models folder holds exactly the models there were, no hidden staging folder.
    const { modelsDir } = await app.request('app.info', {});
    const entries = existsSync(modelsDir) ? readdirSync(modelsDir).sort() : [];
    expect(
      entries.filter((e) => e.startsWith('.')),
      'no staging folder left',
    ).toEqual([]);
    expect(entries).toEqual(before);
  });

  test('the form by keyboard alone: Tab to the fields, type, Enter starts the run', async ({ openApp }) => {
    test.setTimeout(180_000);
    const app = await openApp({ corpus: corpus.root });
    await app.waitForCorpus(corpus.clips);
    const train = new TrainPage(app);
    await app.page.keyboard.press('Control+2');
    await expect(app.page.getByRole('heading', { level: 1, name: 'Train' })).toBeVisible();
    await train.previewReady();

    const tabTo = async (id: string) => {
      for (let i = 0; i < 60; i++) {
        if ((await app.page.evaluate(() => document.activeElement?.id)) === id) return;
        await app.page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await tabTo('train-epochs');
    await app.page.keyboard.press('Control+a');
    await app.page.keyboard.type('2');
    await app.page.keyboard.press('Tab');
    await expect(app.page.locator('#train-batch')).toBeFocused();
    await app.page.keyboard.press('Control+a');
    await app.page.keyboard.type('4');
    await train.previewReady();
    await expect(app.page.getByTestId('train-command')).toContainText('--epochs 2 --batch 4');
    await app.page.keyboard.press('Enter');
    await expect(train.run).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
    await expect(train.run).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
    expect(await train.epochsDone()).toBe(2);
    await expect(train.run.getByRole('region', { name: 'Validation result' })).toBeVisible();
  });
});
