/** `ser features`: extract a feature set for a corpus folder or a list of files. */
import { resolve } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { featureShape, parseFeatureSpec } from '../core/features';
import { extractAll, type ExtractItem } from '../core/jobs/extract-pool';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';
import { expandClipInputs } from './inputs';

const help = `Usage: ser features <dir or files…> [--spec seed|frames|meyda-mfcc] [--json] [--cache-dir DIR] [--no-cache] [--workers N]

Extracts features with the same code that training, evaluation and live prediction use.
A folder is scanned as a corpus (its clips, in manifest order); files are taken as given.

  --spec NAME      feature set: seed (default; the notebook's 40 mean MFCCs), frames, meyda-mfcc
  --json           JSON Lines on stdout, one per clip: {"path", "shape", "data"} or {"path", "error"}
  --cache-dir DIR  feature cache folder (default: $SER_CACHE_DIR or ~/.cache/ser-desktop/features)
  --no-cache       neither read nor write the cache
  --workers N      worker threads (default: one per core)

Exit code 1 when any clip could not be read (the others are still printed), or when no feature was produced.`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    spec: { type: 'string', default: 'seed' },
    json: { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean', default: false },
    workers: { type: 'string' },
  });
  if (positionals.length === 0) throw new UsageError('features needs a folder or audio files\n\n' + help);
  let spec;
  try {
    spec = parseFeatureSpec(values.spec);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
    throw new UsageError(`--workers takes a whole number from 1 to 64, not '${values.workers}'`);
  }

  const { items, problemCount } = await collectItems(positionals);
  const bar =
    !values.json && process.stderr.isTTY
      ? new SingleBar({ format: 'features |{bar}| {value}/{total} clips  ETA {eta_formatted}' }, Presets.shades_classic)
      : undefined;
  bar?.start(items.length, 0);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const started = performance.now();
  let results;
  try {
    results = await extractAll(items, spec, {
      cacheDir: values['no-cache'] ? false : values['cache-dir'] && resolve(values['cache-dir']),
      workers,
      signal: controller.signal,
      onProgress: (done) => bar?.update(done),
    });
  } finally {
    bar?.stop();
    process.removeListener('SIGINT', onSigint);
  }
  const seconds = (performance.now() - started) / 1000;

  let failed = 0;
  let cached = 0;
  for (const r of results) {
    if (!r.ok) failed++;
    else if (r.cached) cached++;
    if (!values.json) continue;
    if (r.ok) printJsonLine({ path: r.path, shape: r.shape, data: Array.from(r.data) });
    else printJsonLine({ path: r.path, error: r.reason });
  }
  if (!values.json) {
    console.log(
      `${results.length - failed} of ${results.length} clips → ${spec.kind} features of shape [${featureShape(spec).join(', ')}] in ${seconds.toFixed(2)} s (${cached} from the cache)`,
    );
    for (const r of results) if (!r.ok) console.log(`  skipped ${r.path}: ${r.reason}`);
  }
  const produced = results.length - failed;
  if (produced === 0) console.error(`ser: no features were produced (${results.length} clip(s) given, ${problemCount} skipped)`);
  return failed > 0 || produced === 0 ? 1 : 0;
}

/** Folders become their corpus clips (scan problems go to stderr); files are taken as they are. */
async function collectItems(args: string[]): Promise<{ items: ExtractItem[]; problemCount: number }> {
  const { clips, files, problems } = await expandClipInputs(args);
  for (const p of problems) console.error(`ser: skipped ${p.path}: ${p.reason}`);
  return { items: [...clips.map((c) => ({ path: c.path, size: c.size, mtimeMs: c.mtimeMs })), ...files], problemCount: problems.length };
}

export const command: Command = { help, run };
