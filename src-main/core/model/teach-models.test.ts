import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequest } from '../jobs/train-job';
import { trainToneModel } from '../../testing/train-tone-model';
import { makeShiftedRecordings, makeToneCorpus } from '../../testing/train-test-corpus';
import { ModelCache } from './predict';
import { loadModel, readModelMeta } from './store';
import { teachModel } from './teach';

describe('teaching a normalised seed model and a sequence model', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ser-teach-norm-'));
    makeToneCorpus(join(work, 'corpus'), 6);
    makeShiftedRecordings(join(work, 'rec'), 6);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const trainSource = (outDir: string, over: Partial<TrainRequest>) => trainToneModel(work, outDir, over);

  it("adds the recordings' speaker's statistics, from their fine-tune part only, and keeps the training speakers'", async () => {
    const source = join(work, 'models', 'normalised');
    await trainSource(source, { speakerNormalisation: { basis: 'all', calibrationClips: 1 } });

    const r = await teachModel({
      modelDir: source,
      recordingsDir: join(work, 'rec'),
      outDir: join(work, 'models', 'taught'),
      cacheDir: join(work, 'cache'),
      backend: 'wasm',
      epochs: 2,
    });
    const [meta, sourceMeta] = [await readModelMeta(r.modelDir), await readModelMeta(source)];
    expect(Object.keys(meta.normalisation!.speakers).sort()).toEqual(['OAF', 'YAF', 'me']);
    expect(meta.normalisation!.speakers.me.clips).toBe(r.plan.fineTune);
    expect(r.plan.heldOut).toBeGreaterThan(0);
    expect(meta.normalisation!.speakers.OAF).toEqual(sourceMeta.normalisation!.speakers.OAF);
    const cache = new ModelCache();
    expect((await cache.get(r.modelDir)).session).toBeDefined();
    cache.clear();
  });

  it("frozen layers on a sequence model: only the output layer changes, BatchNormalization's moving statistics stay", async () => {
    const source = join(work, 'models', 'sequence');
    await trainSource(source, { preset: 'sequence', epochs: 3 });
    const metaFile = join(source, 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    writeFileSync(metaFile, JSON.stringify({ ...meta, corpus: { ...meta.corpus, root: join(work, 'gone') } }));
    const r = await teachModel({
      modelDir: source,
      recordingsDir: join(work, 'rec'),
      outDir: join(work, 'models', 'seq-taught'),
      cacheDir: join(work, 'cache'),
      backend: 'wasm',
      epochs: 3,
    });
    expect(r.plan.method).toBe('frozen-layers');
    const [a, b] = [await loadModel(source), await loadModel(r.modelDir)];
    const changed = a.model.weights.map((w, k) => [
      w.name,
      Buffer.compare(Buffer.from(w.read().dataSync().buffer), Buffer.from(b.model.weights[k].read().dataSync().buffer)) !== 0,
    ]);
    expect(changed).toEqual(a.model.weights.map((w) => [w.name, w.name.startsWith('output/')]));
    a.model.dispose();
    b.model.dispose();
  });
});
