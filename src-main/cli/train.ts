/** `ser train`: trains a preset on a corpus folder in a worker thread and prints the report. */
import { join } from 'node:path';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { startTraining, TrainRequestError, validateTrainRequest, type TrainEvent, type TrainRequest } from '../core/jobs/train-job';
import type { EvaluationReport } from '../core/model/metrics';
import type { EpochMetrics } from '../core/model/training-types';
import { defaultModelName, safeModelName } from '../core/model/model-names';
import { augmentationOf, parseAugmentTechniques } from '../core/model/augment';
import { getPreset } from '../core/model/presets';
import { DEFAULT_SEED, parseTrainSettings, trainSettingsSchema } from '../core/model/train-settings';
import { formatBestEpoch, formatClassificationReport, formatConfusionMatrix, formatProbability } from '../core/model/report-format';
import { describeSplit, parseSplitArg } from '../core/model/splits';
import { defaultModelsDir } from '../core/app-dirs';
import { parseLabelMap } from '../core/dataset/corpora';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';

const help = `Usage: ser train <corpus dir> [more corpus dirs…] [--label-map LIST] [--preset seed|sequence] [--split random] [--epochs N] [--batch N]
                 [--seed N] [--lr X] [--early-stopping N] [--out DIR] [--name NAME] [--cache-dir DIR]
                 [--speaker-norm neutral|all] [--calibration-clips N] [--augment LIST] [--augment-copies N]
                 [--backend tensorflow|wasm|cpu] [--threads 1|2] [--json]

Trains a model on the clips of a corpus folder (or of several at once) and saves it as a model folder.

  --label-map LIST      with several corpora, labels mapped onto one set, e.g. calm=neutral,boredom=
                        (an empty right side leaves that label out; default calm=neutral); speakers are
                        named with their corpus (tess/OAF, ravdess/12), so a speaker split keeps each one whole
  --preset NAME         seed (default: the notebook's LSTM on 40 mean MFCCs) or sequence (statistics of 128-MFCC frames)
  --split SPEC          random[:FRACTION] (default; stratified), speaker:OAF[,YAF] (held-out speakers),
                        utterance[:FRACTION], kfold:K[:FOLD]
  --epochs N            default: the preset's (seed 30)
  --batch N             batch size; default: the preset's (seed 64)
  --seed N              seeds the split, the initial weights, shuffling and dropout (default 42)
  --lr X                Adam learning rate (default: the preset's, 1e-3)
  --early-stopping N    stop after N epochs without a better validation loss; keep the best weights
  --out DIR             model folder to write (default: <models dir>/<name>)
  --name NAME           model name (default: <preset>-<corpus folders>-<date>)
  --cache-dir DIR       feature cache folder
  --speaker-norm BASIS  per-speaker feature normalisation, statistics from each speaker's neutral clips
                        (neutral) or all their clips (all); a held-out speaker gets theirs from
                        --calibration-clips N of their neutral clips (default 10, then left out of the
                        score) or, with all, from all their clips
  --augment LIST        all, or some of speed,noise,gain,pitch,specaugment (augmented audio is never cached)
  --augment-copies N    augmented copies of each training clip (default 1)
  --backend NAME        force a TensorFlow.js backend (default: tfjs-node, else wasm, else cpu)
  --threads N           2 splits each batch between two copies of the model on two threads, which combine
                        their gradients (the same step; seed trains 1.6x faster); default 2 for seed on 2+
                        cores when an epoch has at least 4 batches, else 1
  --json                JSON Lines events on stdout; the last line is {"type":"result", …}

Ctrl-C cancels cleanly: no model folder is written.`;

/** Settings fields as `ser train` spells them, so a bad value names the flag that was typed. */
const FLAGS: Record<string, string> = {
  preset: '--preset',
  epochs: '--epochs',
  batchSize: '--batch',
  seed: '--seed',
  'split.seed': '--seed',
  learningRate: '--lr',
  'earlyStopping.patience': '--early-stopping',
  name: '--name',
  backend: '--backend',
  threads: '--threads',
  cacheDir: '--cache-dir',
  outDir: '--out',
  'speakerNormalisation.basis': '--speaker-norm',
  'speakerNormalisation.calibrationClips': '--calibration-clips',
  'augmentation.copies': '--augment-copies',
};
const flagOf = (path: string) => FLAGS[path] ?? (path.startsWith('split') ? '--split' : path);

/** A numeric flag as a number for the schema to judge (NaN when it is not a number at all). */
const numeric = (text: string | undefined) => (text === undefined ? undefined : text.trim() === '' ? Number.NaN : Number(text));

function settingsOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof TrainRequestError) throw new UsageError(err.message);
    throw err;
  }
}

export function buildRequest(argv: string[]): { request: TrainRequest; json: boolean } {
  const { values, positionals } = parseCommandArgs(argv, {
    preset: { type: 'string', default: 'seed' },
    split: { type: 'string', default: 'random' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    seed: { type: 'string' },
    lr: { type: 'string' },
    'early-stopping': { type: 'string' },
    out: { type: 'string' },
    name: { type: 'string' },
    'cache-dir': { type: 'string' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    'speaker-norm': { type: 'string' },
    'calibration-clips': { type: 'string' },
    augment: { type: 'string' },
    'augment-copies': { type: 'string' },
    'label-map': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length === 0) throw new UsageError(`train takes a corpus folder\n\n${help}`);
  let labelMap;
  try {
    labelMap = values['label-map'] === undefined ? undefined : parseLabelMap(values['label-map']);
  } catch (err) {
    throw new UsageError(`--label-map: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { preset: presetName } = settingsOrUsage(() => parseTrainSettings(trainSettingsSchema.pick({ preset: true }), { preset: values.preset }, flagOf));
  const preset = getPreset(presetName);
  const seed = numeric(values.seed) ?? DEFAULT_SEED;
  let split;
  try {
    split = parseSplitArg(values.split, { seed });
  } catch (err) {
    throw new UsageError(`--split: ${err instanceof Error ? err.message : String(err)}`);
  }
  const patience = numeric(values['early-stopping']);
  if (values['calibration-clips'] !== undefined && values['speaker-norm'] === undefined) throw new UsageError('--calibration-clips goes with --speaker-norm');
  if (values['augment-copies'] !== undefined && values.augment === undefined) throw new UsageError('--augment-copies goes with --augment');
  let augmentation;
  try {
    augmentation = values.augment === undefined ? undefined : augmentationOf(parseAugmentTechniques(values.augment), numeric(values['augment-copies']));
  } catch (err) {
    throw new UsageError(`--augment: ${err instanceof Error ? err.message : String(err)}`);
  }
  const name = values.name ?? defaultModelName(preset.name, positionals);
  const request = settingsOrUsage(() =>
    validateTrainRequest(
      {
        corpusDir: positionals[0],
        ...(positionals.length > 1 ? { extraCorpusDirs: positionals.slice(1) } : {}),
        ...(labelMap ? { labelMap } : {}),
        preset: preset.name,
        split,
        epochs: numeric(values.epochs) ?? preset.defaults.epochs,
        batchSize: numeric(values.batch) ?? preset.defaults.batchSize,
        seed,
        ...(values.lr !== undefined ? { learningRate: numeric(values.lr) } : {}),
        ...(patience !== undefined ? { earlyStopping: { patience } } : {}),
        ...(values['cache-dir'] !== undefined ? { cacheDir: values['cache-dir'] } : {}),
        ...(values.backend !== undefined ? { backend: values.backend } : {}),
        ...(values.threads !== undefined ? { threads: numeric(values.threads) } : {}),
        ...(values['speaker-norm'] !== undefined
          ? { speakerNormalisation: { basis: values['speaker-norm'], calibrationClips: numeric(values['calibration-clips']) ?? 10 } }
          : {}),
        ...(augmentation ? { augmentation } : {}),
        name,
        outDir: values.out ?? join(defaultModelsDir(), safeModelName(name)),
      },
      flagOf,
    ),
  );
  return { request, json: values.json };
}

/** Progress for people: one bar per epoch on a TTY, plain lines otherwise (both on stderr). */
function humanProgress() {
  const tty = process.stderr.isTTY === true;
  const bars = tty
    ? new MultiBar(
        { format: '{label} |{bar}| {value}/{total} {metrics}', hideCursor: true, clearOnComplete: false, stream: process.stderr },
        Presets.shades_classic,
      )
    : undefined;
  let featureBar: SingleBar | undefined;
  let epochBar: SingleBar | undefined;
  return {
    onEvent(e: TrainEvent) {
      switch (e.type) {
        case 'stage':
          if (!tty) console.error(`[${e.stage}]${e.detail ? ' ' + e.detail : ''}`);
          break;
        case 'log':
          if (bars) bars.log(e.message + '\n');
          else console.error(e.message);
          break;
        case 'features':
          if (!bars) break;
          featureBar ??= bars.create(e.total, 0, { label: 'features', metrics: '' });
          featureBar.update(e.done);
          break;
        case 'batch': {
          const metrics = `loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)}  ETA ${Math.round(e.etaSeconds)} s`;
          if (!bars) break;
          if (e.batch === 1 || !epochBar) epochBar = bars.create(e.batches, 0, { label: `epoch ${String(e.epoch).padStart(3)}`, metrics });
          epochBar.update(e.batch, { metrics });
          break;
        }
        case 'epoch': {
          const line = `loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)} val_loss ${e.valLoss?.toFixed(4) ?? '-'} val_acc ${e.valAccuracy?.toFixed(4) ?? '-'}  ${e.seconds.toFixed(1)} s`;
          if (epochBar) epochBar.update({ metrics: line });
          else console.error(`epoch ${e.epoch}: ${line}`);
          break;
        }
      }
    },
    stop() {
      bars?.stop();
    },
  };
}

function printReport(
  r: { modelDir: string; backend: string; report: EvaluationReport; valAccuracy: number; uar: number; epochs: EpochMetrics[] },
  splitText: string,
  earlyStopping: TrainRequest['earlyStopping'],
): void {
  console.log(`\nValidation (${splitText}): accuracy ${r.valAccuracy.toFixed(4)}, UAR ${r.uar.toFixed(4)}  [backend ${r.backend}]`);
  const best = formatBestEpoch(r.epochs, earlyStopping);
  console.log(best ? `${best}\n` : '');
  console.log(formatClassificationReport(r.report));
  console.log('\nConfusion matrix (rows: true, columns: predicted)\n' + formatConfusionMatrix(r.report));
  const wrong = r.report.misclassified ?? [];
  if (wrong.length) {
    console.log(`\n${wrong.length} misclassified clip(s)${wrong.length > 20 ? ', the first 20' : ''}:`);
    for (const m of wrong.slice(0, 20)) console.log(`  ${m.path}: ${m.label} → ${m.predicted} (${formatProbability(m.confidence)})`);
  }
  console.log(`\nModel saved to ${r.modelDir}`);
}

async function run(argv: string[]): Promise<number> {
  const { request, json } = buildRequest(argv);
  const human = json ? undefined : humanProgress();
  let job;
  try {
    job = startTraining(request, (e) => {
      if (json) printJsonLine(e);
      else human!.onEvent(e);
    });
  } catch (err) {
    if (err instanceof TrainRequestError) throw new UsageError(err.message);
    throw err;
  }
  const onSigint = () => job.cancel();
  process.on('SIGINT', onSigint);
  const outcome = await job.done.finally(() => {
    process.removeListener('SIGINT', onSigint);
    human?.stop();
  });
  if (outcome.type === 'cancelled') {
    if (!json) console.error('ser: training cancelled; no model was written');
    return 130;
  }
  if (outcome.type === 'error') {
    if (!json) console.error(`ser: training failed: ${outcome.message}`);
    return 1;
  }
  if (!json) printReport(outcome, describeSplit(request.split), request.earlyStopping);
  return 0;
}

export const command: Command = { help, run };
