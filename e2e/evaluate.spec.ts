/**
 * The Evaluate view through the UI: a model trained on a generated corpus, evaluated on a folder from the
 * view; its numbers equal what `ser evaluate --json` prints for the same model and folder in a separate
 * process; a confusion-matrix cell lists its clips, which play; the report exports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { writeTessCorpus, type GeneratedCorpus } from './corpus';
import { test } from './fixtures';
import { projectRoot } from './processes';

let corpus: GeneratedCorpus;
test.beforeAll(() => {
  corpus = writeTessCorpus({ labels: ['angry', 'happy', 'sad'], words: ['back', 'bar', 'base', 'bath'], seconds: 1 });
});
test.afterAll(() => corpus.remove());

interface SerEvaluate {
  accuracy: number;
  uar: number;
  total: number;
  labels: string[];
  report: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

function serEvaluate(modelDir: string, folder: string, includeTraining = false): SerEvaluate {
  const cache = mkdtempSync(join(tmpdir(), 'ser-e2e-cache-'));
  try {
    // Like the view, ser evaluate leaves the model's training clips out unless asked to score them.
    const args = ['evaluate', modelDir, folder, '--json', ...(includeTraining ? ['--include-training'] : []), '--cache-dir', cache];
    const r = spawnSync(process.execPath, [join(projectRoot, 'dist-main', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
    // Exit 1 means some file was unreadable (the generated corpus has one on purpose); the JSON is still printed.
    expect(r.stdout, r.stderr).toContain('"accuracy"');
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as SerEvaluate;
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

test('a model evaluated in the view shows what ser evaluate prints; a cell lists its clips, which play; the report exports', async ({ openApp }, testInfo) => {
  test.setTimeout(180_000);
  const app = await openApp({ corpus: corpus.root });
  await app.request('corpus.open', { path: corpus.root }); // scanned before training starts on it
  const { jobId } = await app.request('train.start', {
    corpusDir: corpus.root,
    preset: 'seed',
    split: { kind: 'speaker', testSpeakers: ['YAF'] },
    epochs: 3,
    batchSize: 8,
    seed: 5,
    name: 'e2e-evaluate',
  });
  expect(jobId).toBeTruthy();
  let model: Awaited<ReturnType<typeof app.request<'model.list'>>>['models'][number] | undefined;
  await expect
    .poll(async () => (model = (await app.request('model.list', {})).models.find((m) => m.name === 'e2e-evaluate')), { timeout: 120_000 })
    .toBeTruthy();

  await app.tab('Evaluate').click();
  const page = app.page;
  await page.getByTestId('eval-model').selectOption(model!.id);
  // The saved validation report first: YAF held out.
  await expect(page.getByTestId('eval-scope')).toContainText('speakers YAF');
  await page.getByTestId('eval-source-folder').check();
  await page.getByTestId('eval-folder').fill(corpus.root);
  await page.getByTestId('eval-run').click();
  // Its training clips (OAF's) are left out, as ser evaluate does by default.
  await expect(page.getByTestId('eval-scope')).toContainText(`the labelled clips in ${corpus.root}, less the`, { timeout: 60_000 });
  await expect(page.getByTestId('eval-training-warning')).toHaveCount(0);

  // One truth: the numbers on the page are the ones ser evaluate prints for the same model and folder.
  const cli = serEvaluate(model!.dir, corpus.root);
  await expect(page.getByTestId('eval-accuracy')).toHaveText(cli.accuracy.toFixed(4));
  await expect(page.getByTestId('eval-uar')).toHaveText(cli.uar.toFixed(4));
  await expect(page.getByTestId('eval-total')).toHaveText(String(cli.total));
  const table = page.getByRole('region', { name: 'Classification report' });
  for (const label of Object.keys(cli.report)) {
    const s = cli.report[label]!;
    await expect(table.getByRole('row', { name: new RegExp(`^${label}\\b`) })).toHaveText(
      new RegExp(`${label}\\s*${s.precision.toFixed(3)}\\s*${s.recall.toFixed(3)}\\s*${s.f1.toFixed(3)}\\s*${s.support}`),
    );
  }

  // A diagonal cell always holds clips when accuracy > 0; choose the fullest one with the keyboard grid.
  const cells = page.getByRole('button', { name: /^True \w+, predicted \w+/ });
  expect(await cells.count()).toBe(cli.labels.length ** 2);
  const fullest = cli.labels.reduce((best, l) =>
    (cli.report[l]?.recall ?? 0) * (cli.report[l]?.support ?? 0) > (cli.report[best]?.recall ?? 0) * (cli.report[best]?.support ?? 0) ? l : best,
  );
  await page.getByRole('button', { name: new RegExp(`^True ${fullest}, predicted ${fullest}`) }).press('Enter');
  await expect(page.getByTestId('cell-heading')).toHaveText(`True ${fullest}, predicted ${fullest}`);
  const listed = page.getByTestId('cell-clips').getByRole('button');
  expect(await listed.count()).toBe(Math.round((cli.report[fullest]!.recall ?? 0) * cli.report[fullest]!.support));
  await expect(page.getByTestId('clip-play')).toBeEnabled({ timeout: 15_000 });
  await page.getByTestId('clip-play').click();
  await expect.poll(async () => Number.parseFloat((await page.getByTestId('clip-position').textContent()) ?? '0'), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByTestId('clip-play').click();

  // Export: the JSON holds the same accuracy.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (JSON)' }).click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { accuracy: number };
  expect(exported.accuracy).toBeCloseTo(cli.accuracy, 10);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export matrix (PNG)' }).click()]);
  expect(
    readFileSync((await png.path())!)
      .subarray(1, 4)
      .toString('latin1'),
  ).toBe('PNG');

  await page.screenshot({ path: testInfo.outputPath('evaluate.png'), fullPage: true });
  await page.screenshot({ path: join(projectRoot, 'test-results', 'screens', 'evaluate.png'), fullPage: true });

  // Asked to, it scores the training clips too, and says what that figure means.
  await page.getByTestId('eval-include-training').check();
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-scope')).toContainText(`the labelled clips in ${corpus.root}, including the`, { timeout: 60_000 });
  await expect(page.getByTestId('eval-training-warning')).toContainText('of these clips were in its training set');
  await expect(page.getByTestId('eval-total')).toHaveText(String(serEvaluate(model!.dir, corpus.root, true).total));
});
