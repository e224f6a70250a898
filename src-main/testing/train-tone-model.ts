/** Test helper: a model trained (wasm, seeded) on the tone corpus in `<work>/corpus`, as the teach tests start from. */
import { join } from 'node:path';
import { startTraining, type TrainRequest } from '../core/jobs/train-job';

export async function trainToneModel(work: string, outDir: string, over: Partial<TrainRequest> = {}): Promise<void> {
  const job = startTraining(
    {
      corpusDir: join(work, 'corpus'),
      preset: 'seed',
      split: { kind: 'random', valFraction: 0.25, seed: 1 },
      epochs: 2,
      batchSize: 16,
      seed: 42,
      outDir,
      cacheDir: join(work, 'cache'),
      backend: 'wasm',
      ...over,
    },
    () => undefined,
  );
  const outcome = await job.done;
  if (outcome.type !== 'result') throw new Error(`the model did not train: ${JSON.stringify(outcome)}`);
}
