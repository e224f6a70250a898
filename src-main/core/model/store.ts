/**
 * The model store: one folder per model (model.json + weights.bin + meta.json), written through
 * tf.io.withSaveHandler and read through a custom IOHandler, since the file:// handlers exist only
 * in tfjs-node. Writes go to a hidden folder beside the target and are renamed into place.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
// Registers the custom layers and initialisers of the presets, which saved models reference by name.
import './presets-layers';
import { defaultModelsDir } from '../app-dirs';
import {
  checkModelFiles,
  installFolder,
  MODEL_FILES,
  ModelStoreError,
  nonFiniteWeight,
  parseModelMeta,
  readModelMeta,
  siblingTempPath,
  type ModelMeta,
} from './store-folder';

export { ModelStoreError, readModelMeta, type ModelMeta } from './store-folder';
export { deleteModel, exportModel, importModel, listModels, renameModel } from './store-archive';

/**
 * A CLI/api model argument: an existing folder path, or the name of a model in `root`.
 * Throws a ModelStoreError naming both places when neither exists.
 */
export async function resolveModelDir(arg: string, root = defaultModelsDir()): Promise<string> {
  const asPath = resolve(arg);
  if (await stat(asPath).catch(() => undefined)) return asPath;
  if (!arg.includes('/') && !arg.includes(sep) && arg !== '.' && arg !== '..') {
    const named = join(root, arg);
    if (await stat(named).catch(() => undefined)) return named;
    throw new ModelStoreError(arg, `no such model folder, and no model named '${arg}' in ${root}`);
  }
  throw new ModelStoreError(asPath, 'no such model folder');
}

/** Saves atomically: a failure at any point leaves `dir` as it was (a previous model stays intact). */
export async function saveModel(dir: string, model: tf.LayersModel, meta: ModelMeta): Promise<void> {
  const target = resolve(dir);
  const checked = parseModelMeta(meta, target);
  const units = model.outputs[0]?.shape.at(-1);
  if (units !== checked.labels.length) throw new ModelStoreError(target, `the model has ${units} outputs but meta lists ${checked.labels.length} labels`);
  await mkdir(dirname(target), { recursive: true });
  const staged = siblingTempPath(target, 'saving');
  await mkdir(staged);
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        if (!artifacts.weightSpecs || artifacts.weightData === undefined) throw new Error('tfjs produced no weights to save');
        const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
        const modelJson = {
          modelTopology: artifacts.modelTopology,
          format: artifacts.format,
          generatedBy: artifacts.generatedBy,
          convertedBy: artifacts.convertedBy,
          ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
          weightsManifest: [{ paths: [MODEL_FILES.weights], weights: artifacts.weightSpecs }],
        };
        await writeFile(join(staged, MODEL_FILES.weights), new Uint8Array(weights));
        await writeFile(join(staged, MODEL_FILES.topology), JSON.stringify(modelJson));
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    // meta.json last: its presence marks a complete folder.
    await writeFile(join(staged, MODEL_FILES.meta), JSON.stringify(checked, null, 2) + '\n');
    await installFolder(staged, target, { replace: true });
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}

/** Loads a validated model folder; any problem is a ModelStoreError with the reason. */
export async function loadModel(dir: string): Promise<{ model: tf.LayersModel; meta: ModelMeta }> {
  const target = resolve(dir);
  const meta = await readModelMeta(target);
  const { modelJson, weightBytes } = await checkModelFiles(target);
  const bytes = await readFile(join(target, MODEL_FILES.weights));
  if (bytes.byteLength !== weightBytes) throw new ModelStoreError(target, 'weights.bin changed while it was being read');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const bad = nonFiniteWeight(modelJson.weightsManifest[0].weights, weightData);
  if (bad) throw new ModelStoreError(target, `weights.bin holds NaN or infinite values (in ${bad}): the model is corrupt or its training diverged`);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel({
      load: async () =>
        tf.io.getModelArtifactsForJSONSync(
          modelJson as unknown as tf.io.ModelJSON,
          modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
          weightData,
        ),
    });
  } catch (err) {
    throw new ModelStoreError(target, `model.json describes a model this app cannot build (${err instanceof Error ? err.message : String(err)})`);
  }
  const units = model.outputs[0]?.shape.at(-1);
  if (units !== meta.labels.length) {
    model.dispose();
    throw new ModelStoreError(target, `the model has ${units} outputs but meta.json lists ${meta.labels.length} labels`);
  }
  return { model, meta };
}
