/** Test helper: the smallest model folder that passes readModelMeta (meta, topology, weights of the right size). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeModelFolder(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(16));
  const layers = [{ class_name: 'Dense', config: { name: 'output', units: 2 } }];
  const weights = [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }];
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { layers } }, weightsManifest: [{ paths: ['weights.bin'], weights }] }),
  );
  const meta = { format: 'ser-model', version: 1, name, labels: ['a', 'b'], featureSpec: { kind: 'seed' }, preset: 'seed', backend: 'cpu', history: [] };
  const run = { hyperParams: { epochs: 1, batchSize: 1, learningRate: 0.001, seed: 1 }, split: { spec: { kind: 'random' } }, appVersion: '0' };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, ...run, createdAt: '2026-01-01T00:00:00Z' }));
}
