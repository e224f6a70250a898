import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededDropout } from './presets-layers';
import {
  deleteModel,
  exportModel,
  importModel,
  listModels,
  loadModel,
  ModelStoreError,
  readModelMeta,
  resolveModelDir,
  renameModel,
  saveModel,
  type ModelMeta,
} from './store';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  // The cpu backend's tfjs-node banner is noise here.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  root = await mkdtemp(join(tmpdir(), 'ser-store-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A small LSTM classifier with a custom (registered) layer, like the presets. */
function buildModel(seed: number, classes = 3): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.lstm({
      units: 6,
      inputShape: [40, 1],
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  m.add(new SeededDropout({ rate: 0.2, seed }));
  m.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

function makeMeta(name: string, labels = ['angry', 'happy', 'sad'], createdAt = '2026-01-01T10:00:00.000Z'): ModelMeta {
  return {
    format: 'ser-model',
    version: 1,
    name,
    labels,
    featureSpec: { kind: 'seed' },
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
      validationPaths: [],
    },
    history: [{ epoch: 1, seconds: 0.5, loss: 1.1, accuracy: 0.4, valLoss: 1.0, valAccuracy: 0.5 }],
    backend: 'cpu',
    createdAt,
    appVersion: '0.1.0',
  };
}

const predictions = (m: tf.LayersModel) =>
  tf.tidy(() =>
    Array.from(
      (
        m.predict(
          tf.tensor3d(
            Array.from({ length: 2 * 40 }, (_, i) => Math.sin(i * 0.37) * 3),
            [2, 40, 1],
          ),
        ) as tf.Tensor
      ).dataSync(),
    ),
  );

async function savedModel(name: string, seed = 1): Promise<{ dir: string; model: tf.LayersModel }> {
  const dir = join(root, name);
  const model = buildModel(seed);
  await saveModel(dir, model, makeMeta(name));
  return { dir, model };
}

describe('save and load', () => {
  it('loads a saved model that predicts identically, with its meta', async () => {
    const { dir, model } = await savedModel('roundtrip');
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
    const loaded = await loadModel(dir);
    expect(predictions(loaded.model)).toEqual(predictions(model));
    expect(loaded.meta).toEqual(makeMeta('roundtrip'));
    const modelJson = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
  });

  it('replaces an existing model atomically, and keeps it when a save fails', async () => {
    const { dir } = await savedModel('replace', 1);
    const second = buildModel(2);
    await saveModel(dir, second, makeMeta('replace'));
    expect(predictions((await loadModel(dir)).model)).toEqual(predictions(second));

    const failing = Object.create(buildModel(3)) as tf.LayersModel;
    failing.save = async () => {
      throw new Error('disk full');
    };
    await expect(saveModel(dir, failing, makeMeta('replace'))).rejects.toThrow('disk full');
    expect(predictions((await loadModel(dir)).model)).toEqual(predictions(second));
    expect((await readdir(root)).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('refuses to overwrite a folder that is not a model, and a meta that does not fit the model', async () => {
    const other = join(root, 'not-a-model');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'keep me');
    await expect(saveModel(other, buildModel(1), makeMeta('x'))).rejects.toThrow(/not a model folder \(it holds notes.txt\)/);
    expect(await readFile(join(other, 'notes.txt'), 'utf8')).toBe('keep me');
    await expect(saveModel(join(root, 'mismatch'), buildModel(1), makeMeta('x', ['a', 'b']))).rejects.toThrow(/3 outputs but meta lists 2 labels/);
  });
});

describe('corrupt or foreign folders', () => {
  const cases: [string, (dir: string) => Promise<void>, RegExp][] = [
    ['missing meta.json', (d) => rm(join(d, 'meta.json')), /missing meta.json/],
    ['missing model.json', (d) => rm(join(d, 'model.json')), /missing model.json/],
    ['missing weights.bin', (d) => rm(join(d, 'weights.bin')), /missing weights.bin/],
    ['meta.json not JSON', (d) => writeFile(join(d, 'meta.json'), '{"format": "ser-mo'), /meta.json is not valid JSON/],
    ['foreign meta.json', (d) => writeFile(join(d, 'meta.json'), '{"format": "keras"}'), /not a SER model \(meta.json format is "keras"/],
    ['newer format', async (d) => writeFile(join(d, 'meta.json'), JSON.stringify({ ...makeMeta('x'), version: 7 })), /newer app \(model format version 7/],
    ['bad meta field', async (d) => writeFile(join(d, 'meta.json'), JSON.stringify({ ...makeMeta('x'), labels: ['only'] })), /meta.json is invalid: labels/],
    [
      'bad feature spec',
      async (d) => writeFile(join(d, 'meta.json'), JSON.stringify({ ...makeMeta('x'), featureSpec: { kind: 'mel' } })),
      /featureSpec: unknown feature spec kind/,
    ],
    ['truncated weights', (d) => truncate(join(d, 'weights.bin'), 100), /weights.bin has 100 bytes but model.json describes \d+/],
    ['model.json garbage', (d) => writeFile(join(d, 'model.json'), '[1, 2]'), /model.json is not a TensorFlow.js layers model/],
    [
      'NaN weights',
      async (d) => {
        const w = await readFile(join(d, 'weights.bin'));
        w.writeFloatLE(NaN, 40);
        await writeFile(join(d, 'weights.bin'), w);
      },
      /weights.bin holds NaN or infinite values \(in lstm/,
    ],
    [
      'labels that do not match the output layer',
      async (d) => writeFile(join(d, 'meta.json'), JSON.stringify({ ...makeMeta('x'), labels: ['angry', 'calm', 'happy', 'sad'] })),
      /output layer has 3 units but meta.json lists 4 labels/,
    ],
  ];
  for (const [what, damage, reason] of cases) {
    it(`reports ${what}`, async () => {
      const { dir } = await savedModel(`corrupt-${what.replace(/\W+/g, '-')}`);
      await damage(dir);
      const err = await loadModel(dir).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelStoreError);
      expect((err as ModelStoreError).reason).toMatch(reason);
    });
  }

  it('reports a file or a missing path given as a model folder', async () => {
    await writeFile(join(root, 'file.bin'), 'x');
    await expect(readModelMeta(join(root, 'file.bin'))).rejects.toThrow(/not a folder/);
    await expect(readModelMeta(join(root, 'nowhere'))).rejects.toThrow(/no such model folder/);
  });
});

describe('list, delete, export, import', () => {
  it('lists valid models by creation time and reports the others', async () => {
    const lib = join(root, 'library');
    await saveModel(join(lib, 'newer'), buildModel(1), makeMeta('newer', undefined, '2026-03-01T00:00:00Z'));
    await saveModel(join(lib, 'older'), buildModel(1), makeMeta('older', undefined, '2025-12-01T00:00:00Z'));
    await mkdir(join(lib, 'broken'));
    await writeFile(join(lib, 'broken', 'model.json'), '{}');
    await mkdir(join(lib, 'photos'));
    await saveModel(join(lib, 'relabelled'), buildModel(1), makeMeta('relabelled'));
    await writeFile(join(lib, 'relabelled', 'meta.json'), JSON.stringify(makeMeta('relabelled', ['angry', 'sad'])));
    const problems: string[] = [];
    const listed = await listModels(lib, (dir, reason) => problems.push(`${dir}: ${reason}`));
    expect(listed.map((m) => m.meta.name)).toEqual(['older', 'newer']);
    expect(problems).toEqual([
      `${join(lib, 'broken')}: missing meta.json (not a model folder, or an incomplete copy)`,
      `${join(lib, 'relabelled')}: the model's output layer has 3 units but meta.json lists 2 labels (angry, sad)`,
    ]);
    expect(await listModels(join(root, 'no-such-library'))).toEqual([]);

    await deleteModel(join(lib, 'older'));
    expect((await listModels(lib)).map((m) => m.meta.name)).toEqual(['newer']);
    await writeFile(join(lib, 'broken', 'precious.doc'), 'x');
    await expect(deleteModel(join(lib, 'broken'))).rejects.toThrow(/not a model folder/);
    await expect(deleteModel(join(lib, 'photos'))).rejects.toThrow(/not a model folder/);
  });

  it('round-trips through a zip and a folder, renaming on a name clash', async () => {
    const { dir, model } = await savedModel('exported', 5);
    const zip = await exportModel(dir, join(root, 'out', 'exported.zip'));
    const folder = await exportModel(dir, join(root, 'out', 'copy'));
    await expect(exportModel(dir, zip)).rejects.toThrow(/already exists/);
    const lib = join(root, 'imports');
    const a = await importModel(zip, lib);
    const b = await importModel(folder, lib);
    expect(a.dir).toBe(join(lib, 'exported'));
    expect(b.dir).toBe(join(lib, 'exported-2'));
    expect(b.meta.name).toBe('exported-2');
    expect((await readModelMeta(b.dir)).name).toBe('exported-2');
    expect(predictions((await loadModel(a.dir)).model)).toEqual(predictions(model));
    await expect(importModel(zip, lib, { onClash: 'error' })).rejects.toThrow(/a model named 'exported' already exists/);
  });

  it('rejects unsafe or broken archives without installing anything', async () => {
    const { dir } = await savedModel('archive-src');
    const files = Object.fromEntries(
      await Promise.all(['model.json', 'weights.bin', 'meta.json'].map(async (f) => [f, new Uint8Array(await readFile(join(dir, f)))] as const)),
    );
    const lib = join(root, 'unsafe-imports');
    const evil = join(root, 'evil.zip');
    await writeFile(evil, zipSync({ ...files, '../escape.txt': new Uint8Array([1]) }));
    await expect(importModel(evil, lib)).rejects.toThrow(/unsafe entry name in archive: "..\/escape.txt"/);
    await writeFile(evil, zipSync({ '/etc/model.json': files['model.json'] }));
    await expect(importModel(evil, lib)).rejects.toThrow(/unsafe entry name/);
    const partial = join(root, 'partial.zip');
    await writeFile(partial, zipSync({ 'model.json': files['model.json'], 'meta.json': files['meta.json'] }));
    await expect(importModel(partial, lib)).rejects.toThrow(/archive has no weights.bin/);
    const junk = join(root, 'junk.zip');
    await writeFile(junk, 'PK\x03\x04 not really');
    await expect(importModel(junk, lib)).rejects.toThrow(/not a readable zip archive/);
    await writeFile(junk, 'hello');
    await expect(importModel(junk, lib)).rejects.toThrow(/not a model folder or a .zip file/);
    expect(await readdir(lib)).toEqual([]);
  });
});

describe('model arguments', () => {
  it('resolves a model argument as a path or a name in the models folder', async () => {
    await savedModel('by-name');
    expect(await resolveModelDir('by-name', root)).toBe(join(root, 'by-name'));
    expect(await resolveModelDir(join(root, 'by-name'), '/elsewhere')).toBe(join(root, 'by-name'));
    await expect(resolveModelDir('ghost', root)).rejects.toThrow(`no model named 'ghost' in ${root}`);
  });
});

describe('renameModel', () => {
  it('changes the display name only, atomically, and refuses an empty one', async () => {
    const { dir } = await savedModel('to-rename');
    const before = await readFile(join(dir, 'weights.bin'));
    const renamed = await renameModel(dir, 'My best model');
    expect(renamed.meta.name).toBe('My best model');
    expect((await readModelMeta(dir)).name).toBe('My best model');
    expect(await readFile(join(dir, 'weights.bin'))).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
    await expect(renameModel(dir, '')).rejects.toThrow(ModelStoreError);
    expect((await readModelMeta(dir)).name).toBe('My best model');
  });
});
