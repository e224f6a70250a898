import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SEED_SPEC } from '../core/features';
import { saveModel } from '../core/model/store';
import { UsageError } from './command';
import { command } from './models';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  root = await mkdtemp(join(tmpdir(), 'ser-cli-models-'));
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 2, inputShape: [40], activation: 'softmax' }));
  await saveModel(join(root, 'tiny'), m, {
    format: 'ser-model',
    version: 1,
    name: 'tiny',
    labels: ['angry', 'sad'],
    featureSpec: SEED_SPEC,
    preset: 'seed',
    hyperParams: { epochs: 1, batchSize: 8, learningRate: 1e-3, seed: 1 },
    split: {
      spec: { kind: 'speaker', testSpeakers: ['YAF'] },
      trainCount: 1,
      validationCount: 1,
      trainLabelCounts: {},
      validationLabelCounts: {},
      trainSpeakers: [],
      validationSpeakers: [],
      validationPaths: [],
    },
    history: [{ epoch: 1, seconds: 1, loss: 1, accuracy: 0.5, valLoss: 1, valAccuracy: 0.75 }],
    backend: 'cpu',
    createdAt: '2026-01-01T00:00:00.000Z',
    appVersion: 'test',
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs `ser models …` in-process and returns what it printed as JSON. */
async function models(...args: string[]): Promise<unknown> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  try {
    expect(await command.run([...args, '--json', '--dir', root])).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(out.join(''));
}

describe('ser models', () => {
  it('lists, exports to a zip, imports under a free name, and deletes', async () => {
    expect(await models()).toMatchObject([{ name: 'tiny', preset: 'seed', labels: ['angry', 'sad'], valAccuracy: 0.75, split: { kind: 'speaker' } }]);
    const zip = join(root, 'tiny.zip');
    expect(await models('export', 'tiny', zip)).toEqual({ exported: zip });
    expect(await models('import', zip)).toEqual({ imported: join(root, 'tiny-2'), name: 'tiny-2' });
    expect(((await models('list')) as { name: string }[]).map((m) => m.name)).toEqual(['tiny', 'tiny-2']);
    expect(await models('delete', 'tiny-2')).toEqual({ deleted: join(root, 'tiny-2') });
    expect(((await models()) as { name: string }[]).map((m) => m.name)).toEqual(['tiny']);
  });

  it('rejects unknown actions and wrong argument counts', async () => {
    await expect(command.run(['rename', 'x'])).rejects.toThrow(UsageError);
    await expect(command.run(['export', 'tiny'])).rejects.toThrow(/usage: ser models export/);
  });
});
