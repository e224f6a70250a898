/** `ser predict`: the emotion of each audio file (or every audio file in a folder) under a saved model. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write';
import { hasAudioExtension } from '../core/dataset/conventions';
import { walkFiles } from '../core/dataset/walk';
import { InferenceClient } from '../core/jobs/inference-client';
import { formatProbability } from '../core/model/report-format';
import { resolveModelDir } from '../core/model/store';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';
import { parseBackendOption } from './evaluate';

const help = `Usage: ser predict <model dir or name> <files or folders…> [--calibrate <folder or file>]… [--json] [--csv FILE] [--time] [--backend B]

Predicts the emotion of each file with the features the model was trained on. A folder stands for
every audio file in it (labels are not needed): its predictions are written as CSV.

  --json       JSON Lines, one per file: {"path", "label", "probabilities": {label: p}}
               or {"path", "error"} for a file that could not be read
  --csv FILE   CSV with a header: path, label, confidence, then one column per label
               (FILE - is stdout; the default output when a folder is given)
  --calibrate P  for a model trained with per-speaker normalisation: the speaker's statistics come
               from these clips (a folder or files, repeatable; a few of their neutral sentences);
               without it, from the clips predicted so far once there are enough, else from the
               training corpus. Each prediction says which ("normalisation" in JSON and CSV)
  --time       add the latency: "ms" (round trip) and "timings" (decode, features, model) per file
  --backend B  tensorflow, wasm or cpu (default: the best available; or $SER_BACKEND)

Exit code 1 when any file could not be predicted (the others are still printed).`;

/** Files as given, folders as the audio files inside them (sorted); `folders` tells whether any folder was given. */
async function predictionInputs(args: string[]): Promise<{ files: string[]; folders: boolean }> {
  const files: string[] = [];
  let folders = false;
  for (const arg of args) {
    const path = resolve(arg);
    const st = await stat(path).catch(() => undefined);
    if (st?.isDirectory()) {
      folders = true;
      const walked = await walkFiles(path);
      for (const p of walked.problems) console.error(`ser: skipped ${p.path}: ${p.reason}`);
      files.push(
        ...walked.files
          .filter((f) => hasAudioExtension(f.name))
          .map((f) => f.path)
          .sort(),
      );
    } else files.push(path); // a missing file is reported by its prediction, like any unreadable one
  }
  return { files, folders };
}

/** One CSV record (RFC 4180 quoting). */
function csvLine(fields: (string | number)[]): string {
  return fields.map((f) => (typeof f === 'string' && /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : String(f))).join(',') + '\n';
}

/** Where CSV rows go: stdout as they come, or a file written whole and renamed into place. */
function csvSink(target: string) {
  if (target === '-') return { write: (line: string) => void process.stdout.write(line), close: async () => undefined };
  const lines: string[] = [];
  const file = resolve(target);
  return {
    write: (line: string) => void lines.push(line),
    close: async () => {
      await writeFileAtomic(file, lines.join(''));
      console.error(`ser: wrote ${lines.length - 1} prediction(s) to ${file}`);
    },
  };
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    csv: { type: 'string' },
    time: { type: 'boolean', default: false },
    backend: { type: 'string' },
    calibrate: { type: 'string', multiple: true },
  });
  if (positionals.length < 2) throw new UsageError('predict needs a model and at least one audio file or folder\n\n' + help);
  if (values.json && values.csv !== undefined) throw new UsageError('--json and --csv are two output formats: choose one');
  const client = new InferenceClient({ backend: parseBackendOption(values.backend) });
  let failed = 0;
  try {
    const modelDir = await resolveModelDir(positionals[0]);
    // Load first, so a bad model is one clear error rather than one per file.
    const { labels, normalisation } = await client.load(modelDir);
    if (values.calibrate?.length) {
      if (!normalisation) throw new UsageError(`--calibrate: this model was not trained with per-speaker normalisation, so it takes no calibration`);
      const calibration = await predictionInputs(values.calibrate);
      if (calibration.files.length === 0) throw new UsageError(`--calibrate: no audio files in ${values.calibrate.join(', ')}`);
      const c = await client.calibrate(modelDir, calibration.files);
      for (const f of c.failed) console.error(`ser: calibration skipped ${f.path}: ${f.reason}`);
      console.error(`ser: speaker statistics from ${c.clips} calibration clip(s)`);
    }
    const { files, folders } = await predictionInputs(positionals.slice(1));
    if (files.length === 0) throw new UsageError(`no audio files in ${positionals.slice(1).join(', ')}`);
    const csvTarget = values.csv ?? (folders && !values.json ? '-' : undefined);
    const csv = csvTarget === undefined ? undefined : csvSink(csvTarget);
    csv?.write(csvLine(['path', 'label', 'confidence', ...labels, ...(normalisation ? ['normalisation'] : [])]));
    const backend = values.time ? (await client.backend()).name : undefined;
    for (const path of files) {
      try {
        const started = performance.now();
        const p = await client.predict(modelDir, path);
        const ms = performance.now() - started;
        const timing = values.time ? { ms, timings: p.timings, backend } : {};
        const used = p.normalisation ? `${p.normalisation.source} (${p.normalisation.clips} clips)` : undefined;
        if (csv) csv.write(csvLine([path, p.label, p.confidence, ...labels.map((l) => p.probabilities[l] ?? 0), ...(used ? [used] : [])]));
        else if (values.json)
          printJsonLine({ path, label: p.label, probabilities: p.probabilities, ...(p.normalisation ? { normalisation: p.normalisation } : {}), ...timing });
        else {
          const took = values.time ? `  [${ms.toFixed(1)} ms]` : '';
          console.log(`${path}: ${describePrediction(p.probabilities)}${used ? `  [speaker statistics: ${used}]` : ''}${took}`);
        }
      } catch (err) {
        failed++;
        const message = err instanceof Error ? err.message : String(err);
        if (values.json) printJsonLine({ path, error: message });
        else console.error(`ser: ${path}: ${message.startsWith(path) ? message.slice(path.length).replace(/^:\s*/, '') : message}`);
      }
    }
    await csv?.close();
  } finally {
    await client.close();
  }
  return failed > 0 ? 1 : 0;
}

/** "angry 0.73 (then happy 0.12, sad 0.08)": the top label once, the others after it, surest first. */
function describePrediction(probabilities: Record<string, number>): string {
  const [top, ...rest] = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  if (!top) return 'no labels';
  const others = rest.map(([l, q]) => `${l} ${formatProbability(q)}`).join(', ');
  return `${top[0]} ${formatProbability(top[1])}${others ? ` (then ${others})` : ''}`;
}

export const command: Command = { help, run };
