/** `ser teach`: fine-tunes a saved model on your labelled recordings into a new model, and shows before and after on held-out ones. */
import { join, resolve } from 'node:path';
import { defaultModelsDir, defaultRecordingsDir } from '../core/app-dirs';
import { freeModelFolder, taughtModelName } from '../core/model/model-names';
import { formatConfusionMatrix } from '../core/model/report-format';
import { readModelMeta, resolveModelDir } from '../core/model/store';
import { teachModel } from '../core/model/teach';
import { DEFAULT_TEACH_EPOCHS, describeTeachPlan, TeachCancelledError, type TeachEvent, type TeachResult } from '../core/model/teach-types';
import { DEFAULT_SEED } from '../core/model/train-settings';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';
import { parseBackendOption } from './evaluate';

const help = `Usage: ser teach <model dir or name> [--recordings DIR] [--epochs N] [--seed N] [--name NAME] [--lr X]
                 [--cache-dir DIR] [--no-cache] [--backend tensorflow|wasm|cpu] [--json]

Teaches a saved model your voice: fine-tunes it on the labelled recordings saved in the Live view
(<recordings>/<speaker>/<label>/<take>.wav) into a NEW model (the model given is not changed), and
prints its accuracy before and after on recordings held out from the fine-tuning (about a quarter of
each label). Where the model's training corpus is on disk, a sample of it is replayed so the model
keeps the voices it knew; otherwise only its last layers are trained.

  --recordings DIR  the labelled recordings (default: $SER_RECORDINGS_DIR or ~/.local/share/ser-desktop/My recordings)
  --epochs N        fine-tuning epochs (default ${DEFAULT_TEACH_EPOCHS})
  --seed N          seeds the held-out split, the replayed sample and the shuffling (default ${DEFAULT_SEED})
  --name NAME       the new model's name (default: <model>-taught-<date>); its folder is in the models folder
  --lr X            learning rate (default: 0.3 × the model's own)
  --cache-dir DIR   feature cache folder
  --no-cache        neither read nor write the feature cache
  --backend NAME    force a TensorFlow.js backend (default: tfjs-node, else wasm, else cpu)
  --json            JSON Lines events on stdout; the last line is {"type":"result", "modelId", "before", "after", …}

Ctrl-C cancels cleanly: no model folder is written.`;

const whole = (flag: string, text: string | undefined, lo: number, hi: number): number | undefined => {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(text.trim() !== '' && Number.isInteger(v) && v >= lo && v <= hi))
    throw new UsageError(`${flag} takes a whole number from ${lo} to ${hi}, not '${text}'`);
  return v;
};

const fixed = (x: number) => x.toFixed(3);

/** Progress for people, on stderr: the stages, the plan and one line per epoch. */
function printEvent(e: TeachEvent): void {
  if (e.type === 'stage') console.error(`[${e.stage}]${e.detail ? ' ' + e.detail : ''}`);
  else if (e.type === 'log') console.error(e.message);
  else if (e.type === 'plan') for (const line of describeTeachPlan(e)) console.error(line);
  else if (e.type === 'epoch')
    console.error(
      `epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} acc ${e.accuracy.toFixed(4)} held-out acc ${e.valAccuracy?.toFixed(4) ?? '-'}  ${e.seconds.toFixed(1)} s`,
    );
}

function printResult(r: TeachResult): void {
  console.log(`\nHeld-out recordings (${r.before.total}), before → after:`);
  console.log(`  accuracy ${fixed(r.before.accuracy)} → ${fixed(r.after.accuracy)}`);
  console.log(`  UAR      ${fixed(r.before.uar)} → ${fixed(r.after.uar)}`);
  console.log('\nConfusion matrix after (rows: true, columns: predicted)\n' + formatConfusionMatrix(r.after));
  console.log(`\nNew model: ${r.modelId} (${r.modelDir})`);
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    recordings: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    name: { type: 'string' },
    lr: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    backend: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new UsageError(`teach takes one model (got ${positionals.length} arguments)\n\n${help}`);
  const epochs = whole('--epochs', values.epochs, 1, 1000);
  const seed = whole('--seed', values.seed, 0, 2 ** 32 - 1);
  const lr = values.lr === undefined ? undefined : Number(values.lr);
  if (lr !== undefined && !(lr > 0 && lr <= 1)) throw new UsageError(`--lr takes a number above 0 and at most 1, not '${values.lr}'`);
  const backend = parseBackendOption(values.backend);
  const modelDir = await resolveModelDir(positionals[0]);
  const source = await readModelMeta(modelDir);
  const name = values.name?.trim() || taughtModelName(source.name);
  const modelsDir = defaultModelsDir();
  const outDir = join(modelsDir, await freeModelFolder(modelsDir, name));
  const recordingsDir = resolve(values.recordings ?? defaultRecordingsDir());

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await teachModel(
      {
        modelDir,
        recordingsDir,
        outDir,
        name,
        ...(epochs !== undefined ? { epochs } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(lr !== undefined ? { learningRate: lr } : {}),
        cacheDir: values['no-cache'] ? false : values['cache-dir'] && resolve(values['cache-dir']),
        ...(backend ? { backend } : {}),
      },
      { signal: controller.signal, onEvent: (e) => (values.json ? printJsonLine(e) : printEvent(e)) },
    );
    if (values.json) printJsonLine({ type: 'result', ...result });
    else printResult(result);
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (values.json) printJsonLine(err instanceof TeachCancelledError ? { type: 'cancelled' } : { type: 'error', message });
    else console.error(`ser: ${err instanceof TeachCancelledError ? message : `cannot teach ${source.name}: ${message}`}`);
    return err instanceof TeachCancelledError ? 130 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

export const command: Command = { help, run };
