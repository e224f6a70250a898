// Benchmark: teach it your voice, on ../shared/data/tess. A model trained on one actress (OAF) hears the other
// (YAF) badly; `--per-label N` of YAF's clips per emotion (default 10), copied into a recordings folder laid out as
// the Live view saves takes, teach it her voice; the score that counts is on YAF's other clips, which neither the
// model nor the teaching saw (`ser evaluate` on them, before and after). Both ways of keeping the model close to
// where it started are measured: replaying OAF's corpus, and (the corpus not on disk, as for the shipped model)
// training only the output layer.
//   node scripts/bench-teach.mjs [--preset sequence] [--epochs 12] [--per-label 10] [--seed 42]
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBundle, fmt, hasTess, tessDir, uptime } from './bench-lib.mjs';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'sequence' },
    epochs: { type: 'string', default: '12' },
    'per-label': { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
  },
});
if (!hasTess) {
  console.log(`teach: skipped, ${tessDir} is absent (the benchmark needs the shared TESS half)`);
  process.exit(0);
}
const bundle = await benchBundle('teach', [
  "export { startTraining } from './src-main/core/jobs/train-job';",
  "export { startTeaching } from './src-main/core/jobs/teach-job';",
  "export { InferenceClient } from './src-main/core/jobs/inference-client';",
  "export { scanCorpus } from './src-main/core/dataset';",
]);
const { startTraining, startTeaching, InferenceClient, scanCorpus } = await import(bundle);

const seed = Number(values.seed);
const perLabel = Number(values['per-label']);
const work = mkdtempSync(join(tmpdir(), 'ser-bench-teach-'));
const cacheDir = join(work, 'cache');
const client = new InferenceClient({ backend: 'wasm' });
const ended = async (job) => {
  const outcome = await job.done;
  if (outcome.type !== 'result') throw new Error(`the job ended with ${JSON.stringify(outcome)}`);
  return outcome;
};
try {
  console.log(`teach: ${uptime()}`);
  const source = join(work, 'models', 'oaf');
  const trained = await ended(
    startTraining(
      {
        corpusDir: tessDir,
        outDir: source,
        preset: values.preset,
        split: { kind: 'speaker', testSpeakers: ['YAF'] },
        epochs: Number(values.epochs),
        batchSize: 32,
        seed,
        cacheDir,
        backend: 'wasm',
      },
      () => {},
    ),
  );
  console.log(
    `teach: ${values.preset} trained on OAF for ${values.epochs} epochs (seed ${seed}): ${fmt(trained.valAccuracy, 4)} on YAF's ${trained.split.validationCount} clips`,
  );

  // The first `perLabel` of YAF's clips per emotion (by path, so the run repeats) are "her recordings"; the rest is the test.
  const yaf = (await scanCorpus(tessDir)).clips.filter((c) => c.speaker === 'YAF').sort((a, b) => (a.path < b.path ? -1 : 1));
  const taken = new Set();
  const recordings = join(work, 'recordings');
  for (const label of [...new Set(yaf.map((c) => c.label))]) {
    const dir = join(recordings, 'YAF', label);
    mkdirSync(dir, { recursive: true });
    for (const c of yaf.filter((x) => x.label === label).slice(0, perLabel)) {
      copyFileSync(c.path, join(dir, basename(c.path)));
      taken.add(c.path);
    }
  }
  const unseen = yaf.filter((c) => !taken.has(c.path)).map((c) => ({ path: c.path, label: c.label, speaker: c.speaker }));
  const before = await client.evaluate(source, unseen, { cacheDir });

  // The corpus "not on disk": the same model with its corpus pointing nowhere (as the shipped model's does).
  const withoutCorpus = join(work, 'models', 'oaf-no-corpus');
  cpSync(source, withoutCorpus, { recursive: true });
  const meta = JSON.parse(readFileSync(join(withoutCorpus, 'meta.json'), 'utf8'));
  writeFileSync(join(withoutCorpus, 'meta.json'), JSON.stringify({ ...meta, corpus: { ...meta.corpus, root: join(work, 'not-on-disk') } }));

  for (const [name, modelDir] of [
    ['replay of the corpus', source],
    ['corpus not on disk', withoutCorpus],
  ]) {
    const t0 = performance.now();
    const r = await ended(
      startTeaching(
        { modelDir, recordingsDir: recordings, outDir: join(work, 'models', `taught-${basename(modelDir)}`), seed, cacheDir, backend: 'wasm' },
        () => {},
      ),
    );
    const seconds = (performance.now() - t0) / 1000;
    const after = await client.evaluate(r.modelDir, unseen, { cacheDir });
    console.log(
      `  ${name.padEnd(22)} ${r.plan.method}: ${r.plan.fineTune} recordings learnt from, ${r.plan.heldOut} held out${r.plan.replayed ? `, ${r.plan.replayed} corpus clips replayed` : ''}; ` +
        `held out ${fmt(r.before.accuracy, 3)} → ${fmt(r.after.accuracy, 3)}; YAF's ${unseen.length} other clips: accuracy ${fmt(before.accuracy, 4)} → ${fmt(after.accuracy, 4)}, UAR ${fmt(before.uar, 4)} → ${fmt(after.uar, 4)}  (${r.epochs.length} epochs, ${fmt(seconds, 1)} s with features; ${uptime()})`,
    );
  }
  console.log(`teach: peak RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB (this process; training and teaching ran in worker threads of it)`);
} finally {
  await client.close();
  rmSync(work, { recursive: true, force: true });
}
