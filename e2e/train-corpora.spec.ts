/**
 * Training on several corpora from the Train view: a generated TESS-named corpus open in the Corpus view, a
 * RAVDESS-named one added in the Corpora card (bad folders refused, saying why), the label map edited and reset,
 * a speaker split across the corpora, and a short run whose model knows both corpora.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { tempDir } from './live-audio';
import { makeRavdessToneCorpus, makeToneCorpus } from '../src-main/testing/train-test-corpus';

test('adds a RAVDESS corpus to a TESS one, maps its labels, splits by speaker across both and trains', async ({ openApp }, testInfo) => {
  test.setTimeout(180_000);
  const tmp = tempDir('ser-e2e-corpora-');
  const tess = join(tmp.dir, 'tess');
  const ravdess = join(tmp.dir, 'ravdess');
  const empty = join(tmp.dir, 'notes');
  makeToneCorpus(tess, 4);
  makeRavdessToneCorpus(ravdess, 3);
  mkdirSync(empty);
  try {
    const app = await openApp({ corpus: tess });
    await app.waitForCorpus(24);
    await app.tab('Train').click();
    const page = app.page;
    const card = page.getByRole('region', { name: 'Corpora' });
    const preview = page.getByRole('region', { name: 'Split preview' });
    const form = page.getByRole('form', { name: 'Training settings' });
    await expect(card.getByRole('list', { name: 'Corpora trained on' }).getByRole('listitem')).toHaveCount(1);
    await expect(card).toContainText('Add corpora to train on several at once');

    // Refused, each with its reason: the corpus already open, a folder with no labelled clips.
    const path = card.getByLabel('Another corpus folder');
    await path.fill(tess);
    await path.press('Enter');
    await expect(card.getByRole('alert')).toContainText('is the corpus open in the Corpus view');
    await path.fill(empty);
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(card.getByRole('alert')).toContainText(`No labelled clips in ${empty}`);

    await path.fill(ravdess);
    await path.press('Enter');
    await expect(card.getByTestId('extra-corpus')).toContainText('ravdess · 48 clips');
    await expect(path).toHaveValue('');
    await expect(page.locator('.view-title')).toContainText('2 corpora · 72 clips · 5 speakers · 3 labels');

    // The default map: calm → neutral, shown in the table and the summary line.
    await expect(card.getByLabel('calm becomes')).toHaveValue('neutral');
    await expect(card.getByLabel('angry becomes')).toHaveValue('angry');
    const calm = card.getByTestId('map-row-calm').getByRole('cell');
    await expect(calm.nth(0)).toHaveText('0');
    await expect(calm.nth(1)).toHaveText('12');
    await expect(card.getByTestId('corpora-summary')).toContainText('calm → neutral 12');
    await expect(preview).toHaveAttribute('data-state', 'ready');
    await expect(preview.getByTestId('validation-clips')).toHaveAttribute('data-value', String(Math.ceil(0.2 * 72)));

    // Leave calm out: the summary, the split and the command follow; reset brings the default back.
    await card.getByLabel('calm becomes').selectOption('(left out)');
    await expect(card.getByTestId('corpora-summary')).toContainText('left out: calm 12');
    await expect(page.getByTestId('train-command')).toContainText('--label-map calm=');
    await expect(preview.getByTestId('train-clips')).toHaveAttribute('data-value', String(60 - Math.ceil(0.2 * 60)));
    await card.getByRole('button', { name: 'Reset to the default map' }).click();
    await expect(card.getByLabel('calm becomes')).toHaveValue('neutral');
    await expect(page.getByTestId('train-command')).not.toContainText('--label-map');
    await expect(page.getByTestId('train-command')).toContainText(`train ${tess} ${ravdess} --preset seed`);

    // A speaker split across corpora: every speaker named with their corpus; actor 3 held out whole.
    await form.getByLabel('Split', { exact: true }).selectOption('speaker');
    for (const s of ['ravdess/01', 'ravdess/02', 'ravdess/03', 'tess/OAF', 'tess/YAF']) await expect(form.getByRole('checkbox', { name: s })).toBeVisible();
    await form.getByRole('checkbox', { name: 'ravdess/03' }).check();
    await expect(preview.getByTestId('validation-clips')).toHaveAttribute('data-value', '16');
    await expect(preview.getByTestId('validation-speakers')).toHaveAttribute('data-value', '1');

    await form.getByLabel('Epochs', { exact: true }).fill('2');
    await form.getByLabel('Batch size').fill('16');
    await expect(preview).toHaveAttribute('data-state', 'ready');
    await form.getByRole('button', { name: 'Start training' }).click();
    const run = page.getByTestId('train-run');
    await expect(run).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
    const modelId = await run.getByRole('region', { name: 'Validation result' }).getByTestId('saved-model').getAttribute('data-value');
    const model = (await app.request('model.list', {})).models.find((m) => m.id === modelId);
    expect(model?.corpus?.corpora?.map((c) => c.convention)).toEqual(['tess', 'ravdess']);
    expect(model?.split.validationSpeakers).toEqual(['ravdess/03']);
    expect(model?.labels).toEqual(['angry', 'neutral', 'sad']);
    // A tall window, so the screenshot shows the corpora, the split and the run at once.
    await page.setViewportSize({ width: 1400, height: 1560 });
    await page.getByRole('heading', { level: 1, name: 'Train' }).scrollIntoViewIfNeeded();
    await app.screenshot(testInfo, 'train-corpora');
    await page.setViewportSize({ width: 1400, height: 900 });

    // Removing the added corpus gives the single corpus's speakers back (the held-out actor is no longer one of them).
    await card.getByRole('button', { name: `Remove ${ravdess} from this run` }).click();
    await expect(card.getByTestId('extra-corpus')).toHaveCount(0);
    await expect(form.getByText('Choose at least one speaker to hold out.')).toBeVisible();
    await form.getByRole('checkbox', { name: 'YAF' }).check();
    await expect(page.getByTestId('train-command')).toContainText(`train ${tess} --preset seed --split speaker:YAF`);
    // Added again, the held-out speaker follows the new names.
    await path.fill(ravdess);
    await path.press('Enter');
    await expect(form.getByRole('checkbox', { name: 'tess/YAF' })).toBeChecked();
    await expect(page.getByTestId('train-command')).toContainText('--split speaker:tess/YAF');
  } finally {
    tmp.remove();
  }
});
