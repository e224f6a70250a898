import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTraining } from '../jobs/train-job';
import { makeShiftedRecordings, makeToneCorpus } from '../../testing/train-test-corpus';
import { ModelCache } from './predict';
import { readModelMeta } from './store';
import { teachModel } from './teach';

describe('teaching a per-speaker normalised model', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ser-teach-norm-'));
    makeToneCorpus(join(work, 'corpus'), 6);
    makeShiftedRecordings(join(work, 'rec'), 6);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("adds the recordings' speaker's statistics, from their fine-tune part only, and keeps the training speakers'", async () => {
    const source = join(work, 'models', 'normalised');
    const job = startTraining(
      {
        corpusDir: join(work, 'corpus'),
        preset: 'seed',
        split: { kind: 'random', valFraction: 0.25, seed: 1 },
        epochs: 2,
        batchSize: 16,
        seed: 42,
        outDir: source,
        cacheDir: join(work, 'cache'),
        backend: 'wasm',
        speakerNormalisation: { basis: 'all', calibrationClips: 1 },
      },
      () => undefined,
    );
    const outcome = await job.done;
    if (outcome.type !== 'result') throw new Error(`the source model did not train: ${JSON.stringify(outcome)}`);

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
});
