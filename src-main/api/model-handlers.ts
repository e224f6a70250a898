/** model.* requests: the model store (listing, renaming, export, import, delete). */
import { basename, dirname, join } from 'node:path';
import type { TrainEvent } from '../core/jobs/train-job';
import type { TeachEvent } from '../core/model/teach-types';
import { deleteModel, exportModel, importModel, listModels, renameModel, type ListedModel } from '../core/model/store-archive';
import { findModelFolder, modelStamp } from '../core/model/model-names';
import { ModelStoreError } from '../core/model/store-folder';
import { recoverModelStore } from '../core/model/store-recovery';
import type { ModelSummary, Requests } from './contract';
import { ApiError } from './errors';
import type { ApiContext } from './context';
import type { JobReporter } from './jobs';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export function toModelSummary(m: ListedModel, builtIn = false): ModelSummary {
  const { meta } = m;
  return {
    id: basename(m.dir),
    builtIn,
    dir: m.dir,
    name: meta.name,
    preset: meta.preset,
    labels: meta.labels,
    featureSpec: meta.featureSpec as ModelSummary['featureSpec'],
    createdAt: meta.createdAt,
    backend: meta.backend,
    appVersion: meta.appVersion,
    history: meta.history,
    report: meta.report,
    corpus: meta.corpus,
    hyperParams: meta.hyperParams,
    split: {
      spec: meta.split.spec,
      trainCount: meta.split.trainCount,
      validationCount: meta.split.validationCount,
      trainSpeakers: meta.split.trainSpeakers,
      validationSpeakers: meta.split.validationSpeakers,
    },
    speakerNormalised: meta.normalisation !== undefined,
  };
}

/** The folder of a model named by id (its folder name); not-found when there is none. */
export async function modelDir(ctx: ApiContext, id: string): Promise<string> {
  const dir = (await findModelFolder(ctx.modelsDir, id)) ?? (ctx.builtInModelsDir ? await findModelFolder(ctx.builtInModelsDir, id) : undefined);
  if (!dir) throw new ApiError('not-found', `no model '${id}' in ${ctx.modelsDir}`);
  return dir;
}

/** The folder of a model the user may change: built-in models are read-only. */
async function ownModelDir(ctx: ApiContext, id: string, what: string): Promise<string> {
  const dir = await modelDir(ctx, id);
  if (ctx.builtInModelsDir && dirname(dir) === ctx.builtInModelsDir) {
    throw new ApiError('failed', `'${id}' ships with the app and cannot be ${what}; export it and import the copy to change it`);
  }
  return dir;
}

/** The models that ship with the app; a missing folder means none (a build without them). */
async function builtInModels(ctx: ApiContext): Promise<ModelSummary[]> {
  if (!ctx.builtInModelsDir) return [];
  const listed = await listModels(ctx.builtInModelsDir).catch(() => []);
  return listed.map((m) => toModelSummary(m, true));
}

function storeError(err: unknown): never {
  if (err instanceof ModelStoreError) throw new ApiError('failed', err.message);
  throw err;
}

export function modelHandlers(ctx: ApiContext): {
  'model.rename': Handler<'model.rename'>;
  'model.list': Handler<'model.list'>;
  'model.delete': Handler<'model.delete'>;
  'model.export': Handler<'model.export'>;
  'model.import': Handler<'model.import'>;
} {
  // Once per session, before the first listing: repair what a crash mid-save left (a missing model, hidden copies).
  const recovered = recoverModelStore(ctx.modelsDir).catch(() => []);
  return {
    async 'model.list'() {
      await recovered;
      const unusable: { dir: string; reason: string }[] = [];
      const models = await listModels(ctx.modelsDir, (dir, reason) => unusable.push({ dir, reason })).catch(storeError);
      const own = models.map((m) => toModelSummary(m)).reverse();
      // A user model with the same folder name hides the built-in one (modelDir finds the user's first).
      const shipped = (await builtInModels(ctx)).filter((b) => !own.some((m) => m.id === b.id));
      return { models: [...own, ...shipped], modelsDir: ctx.modelsDir, unusable };
    },

    async 'model.rename'({ id, name }) {
      const listed = await renameModel(await ownModelDir(ctx, id, 'renamed'), name).catch(storeError);
      return { model: toModelSummary(listed) };
    },

    async 'model.delete'({ id }) {
      await deleteModel(await ownModelDir(ctx, id, 'deleted')).catch(storeError);
      return { id };
    },

    async 'model.export'({ id, destination }) {
      const dir = await modelDir(ctx, id);
      let dest: string | null;
      if (destination) {
        // Exports may only be written where the user opened a folder (or chose one in a dialog).
        dest = await checkDestination(ctx, destination);
      } else if (ctx.options.dialogs) {
        dest = await ctx.options.dialogs.chooseSaveFile(`${id}.zip`);
        if (dest === null) return { path: null };
      } else {
        const exportsDir = ctx.options.exportsDir ?? join(ctx.modelsDir, '..', 'exports');
        dest = join(exportsDir, `${id}-${modelStamp()}.zip`);
      }
      return { path: await exportModel(dir, dest).catch(storeError) };
    },

    async 'model.import'({ source }) {
      let src: string | null;
      if (source) src = await ctx.access.check(source);
      else if (ctx.options.dialogs) src = await ctx.options.dialogs.chooseModelSource();
      else throw new ApiError('unsupported', 'the browser host has no file dialog: give the path of a model .zip or folder inside an opened folder');
      if (src === null) return { model: null };
      const listed = await importModel(src, ctx.modelsDir).catch(storeError);
      return { model: toModelSummary(listed) };
    },
  };
}

/** The destination's folder must be inside an opened folder; the file itself may not exist yet. */
async function checkDestination(ctx: ApiContext, destination: string): Promise<string> {
  const parent = await ctx.access.check(join(destination, '..'));
  return join(parent, basename(destination));
}

/** A training (or teaching) worker's progress as job events. */
export function forwardTrainEvent(ctx: ApiContext, r: JobReporter, e: TrainEvent | Exclude<TeachEvent, { type: 'plan' }>, epochs: number): void {
  switch (e.type) {
    case 'stage':
      return r.progress({ type: 'stage', stage: e.stage, detail: e.detail });
    case 'features':
      return r.progress({ type: 'count', what: 'features', done: e.done, total: e.total });
    case 'batch':
      return r.progress({
        type: 'batch',
        epochs,
        epoch: e.epoch,
        batch: e.batch,
        batches: e.batches,
        loss: e.loss,
        accuracy: e.accuracy,
        etaSeconds: e.etaSeconds,
      });
    case 'epoch':
      return r.progress({
        type: 'epoch',
        epochs,
        epoch: e.epoch,
        seconds: e.seconds,
        loss: e.loss,
        accuracy: e.accuracy,
        valLoss: e.valLoss,
        valAccuracy: e.valAccuracy,
      });
    case 'log': {
      // The worker's "backend: wasm (detail)" line names the backend it runs on.
      const named = /^backend: (\S+) \((.*)\)$/.exec(e.message);
      if (named) ctx.mlBackend = { state: 'ready', name: named[1], detail: named[2] };
      return r.log(e.message);
    }
    default:
      return;
  }
}
