// Benchmark: voices the model never heard. Speaker-independent training on ../shared/data/tess
// (train on one actress, test on the other) through the real job, each run in its own process.
//   node scripts/bench-speakers.mjs [--preset sequence] [--epochs N] [--seeds 42,7,1] [--parts best,ablation] [--ablation no-norm,…] [--augment speed,…]
// - best: the best configuration of the ablation (every augmentation; per-speaker normalisation off,
//   it lost on OAF → YAF; --normalise turns it on), both directions, each seed. With normalisation,
//   the test speaker's statistics come from 10 of her neutral clips, left out of the score (as a
//   calibration would give them); the all-clips variant takes them from all her clips and scores all
//   of them (the model's own evaluation, `ser evaluate`).
// - ablation: OAF → YAF, one seed: normalisation + every augmentation, without normalisation, the best
//   configuration with each augmentation technique off in turn, normalisation alone, and neither.
// Choices were tuned on OAF → YAF only; YAF → OAF is the untouched check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, uptime as upSeconds } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBundle, fmt, hasTess, median, projectRoot, tessDir } from './bench-lib.mjs';

const DIRECTIONS = { 'oaf-yaf': { test: 'YAF', label: 'OAF → YAF' }, 'yaf-oaf': { test: 'OAF', label: 'YAF → OAF' } };
const TECHNIQUES = ['speed', 'noise', 'gain', 'pitch', 'specaugment'];
const bundle = join(projectRoot, 'node_modules', '.cache', 'ser-bench', 'speakers.mjs');
/** What `uptime` prints: the time, how long the machine has been up, the load averages. */
const uptime = () => {
  const up = upSeconds();
  const load = loadavg().map((x) => x.toFixed(2));
  return `${new Date().toISOString().slice(11, 19)} up ${Math.floor(up / 3600)}:${String(Math.floor((up % 3600) / 60)).padStart(2, '0')}, load average: ${load.join(', ')}`;
};

async function child({ test, normalise, techniques, ...config }) {
  const { startTraining, InferenceClient, scanCorpus, augmentationOf } = await import(bundle);
  const work = mkdtempSync(join(tmpdir(), 'ser-bench-speakers-'));
  try {
    const request = {
      corpusDir: tessDir,
      outDir: join(work, 'model'),
      split: { kind: 'speaker', testSpeakers: [test] },
      ...config,
      ...(normalise ? { speakerNormalisation: { basis: 'neutral', calibrationClips: 10 } } : {}),
      ...(techniques.length ? { augmentation: augmentationOf(techniques) } : {}),
    };
    const outcome = await startTraining(request, () => {}).done;
    if (outcome.type !== 'result') throw new Error(`training ended with ${JSON.stringify(outcome)}`);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    // All-clips variant: every clip of the test speaker scored, her statistics from all of them.
    const clips = (await scanCorpus(tessDir)).clips.filter((c) => c.speaker === test).map((c) => ({ path: c.path, label: c.label, speaker: c.speaker }));
    const client = new InferenceClient({ backend: config.backend });
    let all;
    try {
      all = await client.evaluate(outcome.modelDir, clips);
    } finally {
      await client.close();
    }
    console.log(
      JSON.stringify({
        accuracy: outcome.valAccuracy,
        uar: outcome.uar,
        allAccuracy: all.accuracy,
        allUar: all.uar,
        scored: outcome.split.validationCount,
        allScored: clips.length,
        train: outcome.split.trainCount,
        epochs: outcome.epochs.length,
        secondsPerEpoch: median(outcome.epochs.map((e) => e.seconds)),
        peakRssMb,
        backend: outcome.backend,
      }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function runChild(config) {
  const r = spawnSync(process.execPath, [process.argv[1], '--child', JSON.stringify(config)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = r.stdout.trim().split('\n').at(-1);
  if (r.status !== 0 || !line?.startsWith('{')) throw new Error(`run ${JSON.stringify(config)} failed (exit ${r.status}): ${r.stderr.slice(-1500)}`);
  return JSON.parse(line);
}

const describe = (normalise, techniques) =>
  `${normalise ? 'per-speaker normalisation' : 'no normalisation'}, ${techniques.length ? `augmentation: ${techniques.join(', ')}` : 'no augmentation'}`;

async function main() {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'sequence' },
      epochs: { type: 'string', default: '12' },
      batch: { type: 'string', default: '32' },
      seeds: { type: 'string', default: '42,7,1' },
      parts: { type: 'string', default: 'best,ablation' },
      ablation: { type: 'string' },
      directions: { type: 'string', default: 'oaf-yaf,yaf-oaf' },
      normalise: { type: 'boolean', default: false },
      // The best configuration's augmentation techniques (default all of them), e.g. --augment speed,noise,gain,specaugment.
      augment: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      child: { type: 'string' },
    },
  });
  if (values.child) return child(JSON.parse(values.child));
  if (!hasTess) {
    console.log(`speakers: skipped, ${tessDir} is absent (the benchmark needs the shared TESS half)`);
    return;
  }
  const started = performance.now();
  console.log(`speakers: ${uptime()}`);
  await benchBundle('speakers', [
    "export { startTraining } from './src-main/core/jobs/train-job';",
    "export { InferenceClient } from './src-main/core/jobs/inference-client';",
    "export { scanCorpus } from './src-main/core/dataset';",
    "export { augmentationOf } from './src-main/core/model/augment';",
  ]);
  const base = { preset: values.preset, epochs: Number(values.epochs), batchSize: Number(values.batch), backend: values.backend };
  const seeds = values.seeds.split(',').map(Number);
  const parts = values.parts.split(',');
  const head = `${values.preset}, ${base.epochs} epochs, batch ${base.batchSize}, ${values.backend}`;
  const full = { normalise: true, techniques: TECHNIQUES };
  const techniques = values.augment ? values.augment.split(',').filter(Boolean) : TECHNIQUES;
  const unknown = techniques.filter((t) => !TECHNIQUES.includes(t));
  if (unknown.length) throw new Error(`--augment: unknown technique ${unknown.join(', ')} (known: ${TECHNIQUES.join(', ')})`);
  const best = { normalise: values.normalise, techniques };
  const results = new Map();
  const key = (dir, seed, normalise, techniques) => `${dir}|${seed}|${normalise}|${techniques.join(',')}`;
  const run = (dir, seed, normalise, techniques) => {
    const k = key(dir, seed, normalise, techniques);
    if (!results.has(k)) results.set(k, runChild({ ...base, seed, test: DIRECTIONS[dir].test, normalise, techniques }));
    return results.get(k);
  };

  if (parts.includes('best')) {
    console.log(`speakers: ${head}; ${describe(best.normalise, best.techniques)}; seeds ${seeds.join(', ')}`);
    const means = { accuracy: [], uar: [], allAccuracy: [], allUar: [] };
    const all = [];
    for (const dir of values.directions.split(',')) {
      const rs = seeds.map((seed) => ({ seed, ...run(dir, seed, best.normalise, best.techniques) }));
      all.push(...rs);
      const m = Object.fromEntries(Object.keys(means).map((f) => [f, median(rs.map((r) => r[f]))]));
      for (const f of Object.keys(means)) means[f].push(m[f]);
      const each = rs.map((r) => `seed ${r.seed}: ${fmt(r.accuracy, 4)} / ${fmt(r.uar, 4)}`).join(', ');
      console.log(
        `  ${DIRECTIONS[dir].label} (${rs[0].train} training clips + their augmented copies; ${rs[0].scored} scored clips): ${best.normalise ? 'calibrated on 10 neutral clips (left out)' : 'no normalisation'}: accuracy median ${fmt(m.accuracy, 4)} [accuracy / UAR: ${each}], UAR median ${fmt(m.uar, 4)}; all-clips variant (statistics from all ${rs[0].allScored} clips, all scored): accuracy ${fmt(m.allAccuracy, 4)}, UAR ${fmt(m.allUar, 4)}  (${uptime()})`,
      );
    }
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `speakers: mean of ${means.accuracy.length === 2 ? 'both directions' : 'the direction run'} (medians of ${seeds.length} seeds): ${best.normalise ? 'calibrated ' : ''}accuracy ${fmt(mean(means.accuracy), 4)}, UAR ${fmt(mean(means.uar), 4)} (target ≥ 0.75)${best.normalise ? `; all-clips variant accuracy ${fmt(mean(means.allAccuracy), 4)}, UAR ${fmt(mean(means.allUar), 4)}` : ''}`,
    );
    console.log(
      `speakers: ${values.preset} training: median ${fmt(median(all.map((r) => r.secondsPerEpoch)), 2)} s per epoch (with augmented copies), peak RSS ${fmt(Math.max(...all.map((r) => r.peakRssMb)), 0)} MB (worst run)`,
    );
  }

  if (parts.includes('ablation')) {
    const seed = seeds[0];
    console.log(`speakers: ablation, OAF → YAF, seed ${seed}, ${head} (calibrated accuracy / UAR; all-clips accuracy / UAR)`);
    const variants = [
      ['full', 'full', full.normalise, full.techniques],
      ['no-norm', 'without per-speaker normalisation', false, full.techniques],
      // Each technique off in turn from the best configuration (per-speaker normalisation as in best: off unless --normalise).
      ...TECHNIQUES.map((t) => [`no-${t}`, `best without ${t}`, best.normalise, best.techniques.filter((x) => x !== t)]),
      ['norm-only', 'normalisation only (no augmentation)', true, []],
      ['nothing', 'nothing (neither)', false, []],
    ];
    // --ablation no-norm,nothing,… runs only those (e.g. to share the runs out over processes).
    const chosen = values.ablation?.split(',');
    for (const [id, name, normalise, techniques] of variants) {
      if (chosen && !chosen.includes(id)) continue;
      const r = run('oaf-yaf', seed, normalise, techniques);
      console.log(
        `  ${name.padEnd(38)} ${fmt(r.accuracy, 4)} / ${fmt(r.uar, 4)}; all-clips ${fmt(r.allAccuracy, 4)} / ${fmt(r.allUar, 4)}  (${fmt(r.secondsPerEpoch, 1)} s/epoch; ${uptime()})`,
      );
    }
  }
  console.log(`speakers: ${fmt((performance.now() - started) / 60000, 1)} min in all; ${uptime()}`);
}

await main();
