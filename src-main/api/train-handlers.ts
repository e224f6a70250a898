/** train.* requests: the corpora a run trains on, its split preview and command line, and training as a job. */
import { basename, join } from 'node:path';
import { repeatedCorpusError, summarizeCorpora, trainingCorpus, type LabelMap } from '../core/dataset/corpora';
import type { Manifest } from '../core/dataset/types';
import { startTraining, TrainRequestError, validateTrainRequest } from '../core/jobs/train-job';
import { defaultModelName, freeModelFolder } from '../core/model/model-names';
import { previewSplit } from '../core/model/split-preview';
import { SplitError } from '../core/model/splits';
import { trainCommandLine } from '../core/model/train-command';
import type { Requests, TrainResult } from './contract';
import type { ApiContext } from './context';
import { manifestOf } from './corpus-handlers';
import { ApiError } from './errors';
import { forwardTrainEvent } from './model-handlers';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

/** The folders of a run (each one the user opened; none twice), as the access check resolves them. */
async function corpusDirs(ctx: ApiContext, args: { corpusDir: string; extraCorpusDirs?: string[] }): Promise<{ corpusDir: string; extraCorpusDirs: string[] }> {
  const [corpusDir, ...extraCorpusDirs] = await Promise.all([args.corpusDir, ...(args.extraCorpusDirs ?? [])].map((d) => ctx.access.check(d)));
  const repeated = repeatedCorpusError([corpusDir!, ...extraCorpusDirs]);
  if (repeated) throw new ApiError('invalid-args', `These corpora cannot be trained on together: ${repeated}.`);
  return { corpusDir: corpusDir!, extraCorpusDirs };
}

async function manifestsOf(ctx: ApiContext, dirs: { corpusDir: string; extraCorpusDirs: string[] }): Promise<Manifest[]> {
  return Promise.all([dirs.corpusDir, ...dirs.extraCorpusDirs].map((d) => manifestOf(ctx, d)));
}

/** Only what was asked for: one corpus and no map stays a one-corpus request (and command line). */
function corporaFields(dirs: { extraCorpusDirs: string[] }, labelMap: LabelMap | undefined): { extraCorpusDirs?: string[]; labelMap?: LabelMap } {
  return { ...(dirs.extraCorpusDirs.length ? { extraCorpusDirs: dirs.extraCorpusDirs } : {}), ...(labelMap ? { labelMap } : {}) };
}

export function trainHandlers(ctx: ApiContext): {
  'train.corpora': Handler<'train.corpora'>;
  'train.preview': Handler<'train.preview'>;
  'train.start': Handler<'train.start'>;
} {
  return {
    async 'train.corpora'(args) {
      const dirs = await corpusDirs(ctx, args);
      return summarizeCorpora(await manifestsOf(ctx, dirs), args.labelMap);
    },

    async 'train.preview'({ extraCorpusDirs, labelMap, ...settings }) {
      const dirs = await corpusDirs(ctx, { corpusDir: settings.corpusDir, extraCorpusDirs });
      const { clips } = trainingCorpus(await manifestsOf(ctx, dirs), labelMap);
      let split;
      try {
        split = previewSplit(clips, settings.split);
      } catch (err) {
        if (err instanceof SplitError) throw new ApiError('invalid-args', `This split cannot be made: ${err.message}.`);
        throw err;
      }
      return { split, command: trainCommandLine({ ...settings, corpusDir: dirs.corpusDir, ...corporaFields(dirs, labelMap) }) };
    },

    async 'train.start'({ extraCorpusDirs, labelMap, ...args }) {
      const dirs = await corpusDirs(ctx, { corpusDir: args.corpusDir, extraCorpusDirs });
      const { corpusDir } = dirs;
      const all = [corpusDir, ...dirs.extraCorpusDirs];
      const folder = await freeModelFolder(ctx.modelsDir, args.name ?? defaultModelName(args.preset, all));
      const outDir = join(ctx.modelsDir, folder);
      const title = `Train ${args.preset} on ${all.map((d) => basename(d)).join(' + ')}`;
      let request;
      try {
        request = validateTrainRequest({
          ...args,
          corpusDir,
          ...corporaFields(dirs, labelMap),
          outDir,
          name: args.name ?? folder,
          cacheDir: ctx.options.cacheDir,
        });
      } catch (err) {
        if (err instanceof TrainRequestError) throw new ApiError('invalid-args', `These training settings cannot be used: ${err.message}.`);
        throw err;
      }
      const jobId = ctx.jobs.start('train', title, (r) => {
        const training = startTraining(request, (e) => forwardTrainEvent(ctx, r, e, args.epochs));
        const done = training.done.then((e) => {
          if (e.type === 'cancelled') return 'cancelled' as const;
          if (e.type === 'error') throw new Error(e.message);
          ctx.mlBackend = { state: 'ready', name: e.backend, detail: e.backendDetail };
          const result: TrainResult = {
            modelId: basename(e.modelDir),
            modelDir: e.modelDir,
            valAccuracy: e.valAccuracy,
            uar: e.uar,
            labels: e.labels,
            confusionMatrix: e.confusionMatrix,
            epochs: e.epochs,
            backend: e.backend,
            report: e.report,
            split: { kind: e.split.spec.kind, train: e.split.trainCount, validation: e.split.validationCount },
          };
          return { kind: 'train' as const, result };
        });
        return { done, cancel: () => training.cancel() };
      });
      return { jobId };
    },
  };
}
