// End-to-end checks of `ser evaluate`, `ser predict` and `ser models` through the built CLI bundle.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../testing/wav-fixtures';
import { scanCorpus } from '../core/dataset';
import { SEED_SPEC } from '../core/features';
import { saveModel } from '../core/model/store';
import { collectClips } from './evaluate';

const cli = fileURLToPath(new URL('../../dist-main/cli/main.js', import.meta.url));
const LABELS = ['angry', 'happy', 'sad'];
let root: string;
let models: string;
const files: string[] = [];

function ser(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, SER_BACKEND: 'cpu', SER_MODELS_DIR: models, SER_CACHE_DIR: join(root, 'cache') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  // The cpu backend's tfjs-node banner is noise here.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  root = await mkdtemp(join(tmpdir(), 'ser-cli-eval-'));
  models = join(root, 'models');
  const m = tf.sequential();
  m.add(
    tf.layers.lstm({
      units: 4,
      inputShape: [40, 1],
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }));
  // TESS layout: <SPEAKER>_<emotion>/<SPEAKER>_<word>_<emotion>.wav; 'neutral' is unknown to the model.
  const sr = 24414;
  for (const [i, label] of ['angry', 'happy', 'sad', 'neutral'].entries()) {
    const dir = join(root, 'corpus', `OAF_${label}`);
    await mkdir(dir, { recursive: true });
    const y = Float32Array.from({ length: sr * 2 }, (_, k) => 0.3 * Math.sin((2 * Math.PI * (150 + 80 * i) * k) / sr));
    const file = join(dir, `OAF_word_${label}.wav`);
    await writeFile(file, encodeWav([y], sr));
    files.push(file);
  }
  await saveModel(join(models, 'tiny'), m, {
    format: 'ser-model',
    version: 1,
    name: 'tiny',
    labels: LABELS,
    featureSpec: SEED_SPEC,
    preset: 'seed',
    hyperParams: { epochs: 1, batchSize: 8, learningRate: 1e-3, seed: 1 },
    split: {
      spec: { kind: 'random', valFraction: 0.2, seed: 1 },
      trainCount: 8,
      validationCount: 2,
      trainLabelCounts: {},
      validationLabelCounts: {},
      trainSpeakers: [],
      validationSpeakers: [],
      validationPaths: [files[0], files[2]],
    },
    history: [{ epoch: 1, seconds: 1, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.625 }],
    backend: 'cpu',
    createdAt: '2026-02-03T04:05:06.000Z',
    appVersion: 'test',
  });
  // The same model as if trained on this corpus: every clip but the two validation ones is a training clip.
  const meta = JSON.parse(await readFile(join(models, 'tiny', 'meta.json'), 'utf8'));
  await saveModel(join(models, 'trained-here'), m, { ...meta, name: 'trained-here', corpus: { root: join(root, 'corpus'), convention: 'tess', clips: 4 } });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('labelling files given on the command line', () => {
  it('reads labels from the corpus naming of single files', async () => {
    const { clips, problems } = await collectClips([files[0], files[2]]);
    expect(clips).toEqual([
      { path: files[0], label: 'angry' },
      { path: files[2], label: 'sad' },
    ]);
    expect(problems).toEqual([]);
  });
});

const tess = fileURLToPath(new URL('../../../shared/data/tess', import.meta.url));
if (!existsSync(tess)) console.warn(`skipping the TESS file-labelling test: ${tess} is absent`);

describe.skipIf(!existsSync(tess))('labelling real TESS files one by one', () => {
  it('gives every file the label the corpus scan gives it', async () => {
    const manifest = await scanCorpus(tess);
    const { clips, problems } = await collectClips(manifest.clips.map((c) => c.path));
    expect(problems).toEqual([]);
    expect(clips).toEqual(manifest.clips.map((c) => ({ path: c.path, label: c.label })));
    expect(new Set(clips.map((c) => c.label)).size).toBe(7);
  });
});

describe('ser evaluate / predict / models (built CLI)', () => {
  it('evaluate --json reports metrics and the excluded clip', () => {
    const r = ser(['evaluate', 'tiny', join(root, 'corpus'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.labels).toEqual(LABELS);
    expect(out.excluded).toBe(1);
    expect(out.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(3);
    const correct = out.confusionMatrix.reduce((a: number, row: number[], i: number) => a + row[i], 0);
    expect(out.accuracy).toBeCloseTo(correct / 3, 12);
    expect(out.misclassified).toHaveLength(3 - correct);
    for (const label of Object.keys(out.report)) expect(Object.keys(out.report[label]).sort()).toEqual(['f1', 'precision', 'recall', 'support']);
  });

  it('evaluate leaves out the clips the model was trained on, says so, and scores them with --include-training', () => {
    const r = ser(['evaluate', 'trained-here', join(root, 'corpus')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 clips evaluated, 1 excluded (label unknown to the model)');
    expect(r.stdout).toContain('left out 1 clip the model was trained on (a score on them measures memory; --include-training scores them too)');
    const json = JSON.parse(ser(['evaluate', 'trained-here', join(root, 'corpus'), '--json']).stdout);
    expect([json.total, json.trainingClips]).toEqual([2, { count: 1, included: false }]);
    const all = ser(['evaluate', 'trained-here', join(root, 'corpus'), '--include-training']);
    expect(all.stdout).toContain('3 clips evaluated');
    expect(all.stdout).toContain('includes 1 clip the model was trained on (--include-training): these figures are optimistic');
    // A model that records no training corpus cannot tell its training clips: everything is scored.
    expect(ser(['evaluate', 'tiny', join(root, 'corpus')]).stdout).toContain('3 clips evaluated');
  });

  it('evaluate --validation prints the sklearn-style report for the recorded validation clips', () => {
    const r = ser(['evaluate', join(models, 'tiny'), '--validation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('              precision    recall  f1-score   support');
    expect(r.stdout).toMatch(/\n {4}accuracy {27}\d\.\d\d {9}2\n/);
    expect(r.stdout).toContain('true \\ predicted');
  });

  it('predict --json prints one line per file, an error line for a bad file, and exits 1', async () => {
    const bad = join(root, 'bad.wav');
    await writeFile(bad, 'not audio at all');
    const r = ser(['predict', 'tiny', files[0], bad, files[1], '--json']);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.path)).toEqual([files[0], bad, files[1]]);
    expect(LABELS).toContain(lines[0].label);
    expect(Object.keys(lines[0].probabilities)).toEqual(LABELS);
    expect(lines[1].error).toMatch(/bad.wav/);
    expect(lines[2].label).toBeTypeOf('string');
  });

  it('predict prints the top label once, then the others, every probability as 0.xx', () => {
    const r = ser(['predict', 'tiny', files[0]]);
    expect(r.code).toBe(0);
    const m = new RegExp(`^${files[0]}: (\\w+) (\\d\\.\\d\\d) \\(then (\\w+) \\d\\.\\d\\d, (\\w+) \\d\\.\\d\\d\\)\n$`).exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(new Set([m![1], m![3], m![4]])).toEqual(new Set(LABELS));
  });

  it('predict on a folder of unlabelled clips writes a CSV: path, label, confidence, one column per label', async () => {
    const folder = join(root, 'unlabelled');
    await mkdir(join(folder, 'day 1'), { recursive: true });
    for (const [i, name] of ['b.wav', 'a.wav', 'day 1/c, "late".wav'].entries()) await writeFile(join(folder, name), await readFile(files[i]));
    await writeFile(join(folder, 'notes.txt'), 'not audio, not a clip');
    const r = ser(['predict', 'tiny', folder]);
    // stderr says which ML backend runs (and why), nothing else.
    const withoutBackend = (text: string) => text.replace(/^ser: ML backend: .*\n/m, '');
    expect(withoutBackend(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toBe('path,label,confidence,angry,happy,sad');
    expect(rows.map((row) => row.split(',')[0])).toEqual([join(folder, 'a.wav'), join(folder, 'b.wav'), `"${join(folder, 'day 1/c')}`]);
    expect(rows[2]).toContain(`"${join(folder, 'day 1/c, ""late"".wav')}",`);
    const [, label, confidence, ...probabilities] = rows[0]!.split(',');
    expect(LABELS).toContain(label);
    expect(Number(confidence)).toBeCloseTo(Math.max(...probabilities.map(Number)), 12);
    const out = join(root, 'predictions.csv');
    const toFile = ser(['predict', 'tiny', folder, '--csv', out]);
    expect(withoutBackend(toFile.stderr)).toBe(`ser: wrote 3 prediction(s) to ${out}\n`);
    expect(await readFile(out, 'utf8')).toBe(r.stdout);
  });

  it('models --json lists the saved model; a missing model is a clear error', () => {
    const r = ser(['models', '--json']);
    expect(r.code).toBe(0);
    const [m] = JSON.parse(r.stdout);
    expect(m).toMatchObject({ name: 'tiny', preset: 'seed', labels: LABELS, valAccuracy: 0.625, createdAt: '2026-02-03T04:05:06.000Z' });
    const missing = ser(['predict', 'ghost', files[0]]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no model named 'ghost'/);
  });
});
