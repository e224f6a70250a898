/** teach.* requests: what the recordings folder holds, and teaching a saved model that voice as a job. */
import { basename, join } from 'node:path';
import { defaultRecordingsDir } from '../core/app-dirs';
import { startTeaching } from '../core/jobs/teach-job';
import { freeModelFolder, taughtModelName } from '../core/model/model-names';
import { readModelMeta } from '../core/model/store';
import { scanRecordings } from '../core/model/teach-recordings';
import { MIN_TEACH_LABELS, MIN_TEACH_RECORDINGS, TeachRecordingsError } from '../core/model/teach-split';
import { DEFAULT_TEACH_EPOCHS, describeTeachPlan } from '../core/model/teach-types';
import { countLabels } from '../core/dataset/labels';
import type { Requests, TeachJobResult } from './contract';
import { ApiError, errorMessage } from './errors';
import type { ApiContext } from './context';
import { forwardTrainEvent, modelDir } from './model-handlers';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export function teachHandlers(ctx: ApiContext): { 'teach.recordings': Handler<'teach.recordings'>; 'teach.start': Handler<'teach.start'> } {
  const recordingsDir = () => ctx.options.recordingsDir ?? defaultRecordingsDir();
  return {
    async 'teach.recordings'() {
      const folder = recordingsDir();
      // No folder yet is the normal first state: nothing saved.
      const scanned = await scanRecordings(folder).catch((err: unknown) => {
        if (err instanceof TeachRecordingsError) return { root: folder, clips: [], problems: [] };
        throw err;
      });
      return {
        folder,
        clips: scanned.clips.length,
        speakers: [...new Set(scanned.clips.map((c) => c.speaker))].sort(),
        labelCounts: countLabels(scanned.clips),
        problems: scanned.problems.length,
        needs: { recordings: MIN_TEACH_RECORDINGS, labels: MIN_TEACH_LABELS },
      };
    },

    async 'teach.start'({ modelId, name, epochs, seed }) {
      const source = await modelDir(ctx, modelId);
      const meta = await readModelMeta(source).catch((err: unknown) => {
        throw new ApiError('failed', errorMessage(err));
      });
      const wanted = name ?? taughtModelName(meta.name);
      const outDir = join(ctx.modelsDir, await freeModelFolder(ctx.modelsDir, wanted));
      const request = {
        modelDir: source,
        recordingsDir: recordingsDir(),
        outDir,
        name: wanted,
        ...(epochs !== undefined && { epochs }),
        ...(seed !== undefined && { seed }),
        ...(ctx.options.cacheDir && { cacheDir: ctx.options.cacheDir }),
      };
      const jobId = ctx.jobs.start('teach', `Teach ${meta.name} your voice`, (r) => {
        const teaching = startTeaching(request, (e) => {
          if (e.type === 'plan') for (const line of describeTeachPlan(e)) r.log(line);
          else if (e.type !== 'result' && e.type !== 'error' && e.type !== 'cancelled') forwardTrainEvent(ctx, r, e, epochs ?? DEFAULT_TEACH_EPOCHS);
        });
        const done = teaching.done.then((e) => {
          if (e.type === 'cancelled') return 'cancelled' as const;
          if (e.type === 'error') throw new Error(e.message);
          const result: TeachJobResult = {
            modelId: e.modelId,
            name: e.name,
            sourceModelId: basename(source),
            plan: e.plan,
            before: e.before,
            after: e.after,
            epochs: e.epochs,
            backend: e.backend,
          };
          return { kind: 'teach' as const, result };
        });
        return { done, cancel: () => teaching.cancel() };
      });
      return { jobId };
    },
  };
}
