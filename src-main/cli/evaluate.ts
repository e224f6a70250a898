/** `ser evaluate`: scores a saved model on labelled clips (corpus folders or files). */
import { SingleBar, Presets } from 'cli-progress';
import { basename, dirname, resolve } from 'node:path';
import { detectConvention, type NamedFile } from '../core/dataset';
import { InferenceClient } from '../core/jobs/inference-client';
import type { BackendName } from '../core/model/backend';
import type { EvaluationReport } from '../core/model/metrics';
import type { EvaluateClip } from '../core/model/predict';
import { formatClassificationReport, formatConfusionMatrix, formatMisclassified, pyFixed } from '../core/model/report-format';
import { readModelMeta, resolveModelDir } from '../core/model/store';
import { withoutTrainingClips } from '../core/model/training-clips';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';
import { expandClipInputs } from './inputs';

const help = `Usage: ser evaluate <model dir or name> <dir or files…> [--json] [--include-training] [--digits N] [--cache-dir DIR] [--no-cache] [--backend B]
       ser evaluate <model dir or name> --validation [options]

Evaluates a saved model on the given clips. A folder is scanned as a corpus; files take their label
from the corpus naming (TESS, RAVDESS, CREMA-D, SAVEE, EmoDB, or a folder per label).
Clips whose label the model does not know are excluded and counted. Clips the model was trained on
(its training corpus minus its validation clips) are left out and counted: a score on them
measures memory, not recognition.

  --json           one JSON object: {"accuracy", "uar", "labels", "confusionMatrix", "report": {label:
                   {"precision", "recall", "f1", "support"}}, "excluded", "misclassified", ...}
  --validation     evaluate on the model's own validation clips (recorded in its meta.json split)
  --include-training
                   score the clips the model was trained on as well (optimistic figures)
  --digits N       decimals in the classification report (default 2, as sklearn)
  --cache-dir DIR  feature cache folder (default: $SER_CACHE_DIR or ~/.cache/ser-desktop/features)
  --no-cache       neither read nor write the feature cache
  --backend B      tensorflow, wasm or cpu (default: the best available; or $SER_BACKEND)

A model may be given by name: it is then looked up in $SER_MODELS_DIR (default ~/.local/share/ser-desktop/models).
Exit code 1 when a clip could not be read or labelled (the others are still evaluated).`;

export function parseBackendOption(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (value === 'tensorflow' || value === 'wasm' || value === 'cpu') return value;
  throw new UsageError(`--backend takes tensorflow, wasm or cpu, not '${value}'`);
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    validation: { type: 'boolean', default: false },
    'include-training': { type: 'boolean', default: false },
    digits: { type: 'string', default: '2' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    backend: { type: 'string' },
  });
  if (values.validation ? positionals.length !== 1 : positionals.length < 2) {
    throw new UsageError(`evaluate needs a model and ${values.validation ? 'no clips with --validation' : 'at least one folder or audio file'}\n\n${help}`);
  }
  const digits = Number(values.digits);
  if (!(Number.isInteger(digits) && digits >= 0 && digits <= 10)) throw new UsageError(`--digits takes a whole number from 0 to 10, not '${values.digits}'`);
  const backend = parseBackendOption(values.backend);
  const modelDir = await resolveModelDir(positionals[0]);
  const collected = await collectClips(values.validation ? await validationPaths(modelDir) : positionals.slice(1));
  const { problems } = collected;
  for (const p of problems) console.error(`ser: skipped ${p.path}: ${p.reason}`);
  const { clips, trainingClips } = withoutTrainingClips(await readModelMeta(modelDir), collected.clips, values['include-training']);
  if (clips.length === 0) {
    throw new Error(
      `no labelled clips to evaluate${trainingClips > 0 ? ` (the ${trainingClips} given were all training clips; --include-training scores them)` : ''}`,
    );
  }

  const client = new InferenceClient({ backend });
  const bar = !values.json && process.stderr.isTTY ? new SingleBar({ format: 'evaluating |{bar}| {value}/{total} clips' }, Presets.shades_classic) : undefined;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let report: EvaluationReport;
  try {
    bar?.start(clips.length, 0);
    report = await client.evaluate(modelDir, clips, {
      cacheDir: values['no-cache'] ? false : values['cache-dir'] && resolve(values['cache-dir']),
      signal: controller.signal,
      // Feature extraction is nearly all of the time; the model's part takes milliseconds.
      onProgress: (stage, done, total) => {
        if (stage !== 'features' || !bar) return;
        bar.setTotal(total);
        bar.update(done);
      },
    });
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onSigint);
    await client.close();
  }
  const failed = report.failed ?? [];
  if (values.json) {
    printJsonLine({
      model: modelDir,
      accuracy: report.accuracy,
      uar: report.uar,
      labels: report.labels,
      confusionMatrix: report.confusionMatrix,
      normalizedConfusionMatrix: report.normalizedConfusionMatrix,
      report: report.perClass,
      macroAvg: report.macroAvg,
      weightedAvg: report.weightedAvg,
      total: report.total,
      excluded: report.excluded ?? 0,
      // Training clips found among the inputs, and whether they were scored (--include-training).
      trainingClips: { count: trainingClips, included: values['include-training'] },
      failed,
      misclassified: report.misclassified ?? [],
    });
  } else {
    console.log(
      `model ${modelDir}: ${report.total} clips evaluated, ${report.excluded ?? 0} excluded (label unknown to the model), ${failed.length} unreadable`,
    );
    console.log(trainingNote(trainingClips, values['include-training']) + '\n');
    console.log(formatClassificationReport(report, digits));
    console.log(`UAR (unweighted average recall): ${pyFixed(report.uar, Math.max(digits, 4))}\n`);
    console.log(formatConfusionMatrix(report));
    console.log(formatMisclassified(report.misclassified ?? []));
    for (const f of failed) console.log(`unreadable ${f.path}: ${f.reason}`);
  }
  return failed.length > 0 || problems.length > 0 ? 1 : 0;
}

function trainingNote(count: number, included: boolean): string {
  if (count === 0) return 'none of these clips was used to train the model';
  const clips = `${count} clip${count === 1 ? '' : 's'} the model was trained on`;
  return included
    ? `includes ${clips} (--include-training): these figures are optimistic`
    : `left out ${clips} (a score on them measures memory; --include-training scores them too)`;
}

async function validationPaths(modelDir: string): Promise<string[]> {
  const paths = (await readModelMeta(modelDir)).split.validationPaths;
  if (!Array.isArray(paths) || paths.length === 0) throw new UsageError(`${modelDir}: its meta.json records no validation clips`);
  return paths;
}

/** Folders are scanned as corpora; files are labelled by the naming convention their names follow. */
export async function collectClips(args: string[]): Promise<{ clips: EvaluateClip[]; problems: { path: string; reason: string }[] }> {
  const inputs = await expandClipInputs(args);
  const clips: EvaluateClip[] = inputs.clips.map((c) => ({ path: c.path, label: c.label, speaker: c.speaker }));
  const problems = [...inputs.problems];
  const files = inputs.files.map((f) => f.path);
  if (files.length > 0) {
    // A file's own folder and the one above it carry the speaker/label in some corpora (TESS, folder-per-label).
    const named = files.map((p): NamedFile => ({ rootName: basename(dirname(dirname(p))), folders: [basename(dirname(p))], name: basename(p) }));
    const { convention } = detectConvention(named);
    named.forEach((n, i) => {
      const r = convention.parse(n);
      if (r.ok) clips.push({ path: files[i], label: r.parsed.label });
      else problems.push({ path: files[i], reason: `cannot tell its label: ${r.reason}` });
    });
  }
  return { clips, problems };
}

export const command: Command = { help, run };
