/** `ser predict`: the emotion of each audio file under a saved model. */
import { resolve } from 'node:path';
import { InferenceClient } from '../core/jobs/inference-client';
import { pyFixed } from '../core/model/report-format';
import { resolveModelDir } from '../core/model/store';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';
import { parseBackendOption } from './evaluate';

const help = `Usage: ser predict <model dir or name> <files…> [--json] [--time] [--backend B]

Predicts the emotion of each file with the features the model was trained on.

  --json       JSON Lines, one per file: {"path", "label", "probabilities": {label: p}}
               or {"path", "error"} for a file that could not be read
  --time       add the latency: "ms" (round trip) and "timings" (decode, features, model) per file
  --backend B  tensorflow, wasm or cpu (default: the best available; or $SER_BACKEND)

Exit code 1 when any file could not be predicted (the others are still printed).`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean', default: false },
    time: { type: 'boolean', default: false },
    backend: { type: 'string' },
  });
  if (positionals.length < 2) throw new UsageError('predict needs a model and at least one audio file\n\n' + help);
  const client = new InferenceClient({ backend: parseBackendOption(values.backend) });
  let failed = 0;
  try {
    const modelDir = await resolveModelDir(positionals[0]);
    // Load first, so a bad model is one clear error rather than one per file.
    await client.load(modelDir);
    const backend = values.time ? (await client.backend()).name : undefined;
    for (const arg of positionals.slice(1)) {
      const path = resolve(arg);
      try {
        const started = performance.now();
        const p = await client.predict(modelDir, path);
        const ms = performance.now() - started;
        const timing = values.time ? { ms, timings: p.timings, backend } : {};
        if (values.json) printJsonLine({ path, label: p.label, probabilities: p.probabilities, ...timing });
        else {
          const ranked = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]);
          const took = values.time ? `  [${ms.toFixed(1)} ms]` : '';
          console.log(`${path}: ${p.label} (${pyFixed(p.confidence, 2)})  ${ranked.map(([l, q]) => `${l} ${pyFixed(q, 2)}`).join('  ')}${took}`);
        }
      } catch (err) {
        failed++;
        const message = err instanceof Error ? err.message : String(err);
        if (values.json) printJsonLine({ path, error: message });
        else console.error(`ser: ${path}: ${message.startsWith(path) ? message.slice(path.length).replace(/^:\s*/, '') : message}`);
      }
    }
  } finally {
    await client.close();
  }
  return failed > 0 ? 1 : 0;
}

export const command: Command = { help, run };
