// Benchmark: scan time and seed-feature extraction of ../shared/data/tess, cold (empty cache,
// worker pool) and warm (cached). Wall time of the `ser` command as a user runs it; medians of 3.
// Then per core, side by side in one run: `ser features --no-cache --workers 1` against the Python
// baseline (scripts/py/seed_features.py), with the machine's load.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fmt, hasTess, median, projectRoot, tessDir, timeSer, uptime } from './bench-lib.mjs';

// Child mode: the app's in-thread loop (src-main/testing/seed-feature-loop.ts) over the paths on stdin.
const loopBundle = join(projectRoot, 'node_modules', '.cache', 'ser-bench', 'seed-feature-loop.mjs');
if (process.argv[2] === '--loop') {
  const { timeSeedFeatures } = await import(loopBundle);
  const paths = (await new Response(process.stdin).text()).split('\n').filter(Boolean);
  console.log(JSON.stringify(await timeSeedFeatures(paths)));
  process.exit(0);
}
if (!hasTess) {
  console.log(`features: skipped, ${tessDir} is absent (the benchmark needs the shared TESS half)`);
  process.exit(0);
}
const runs = Number(process.env.BENCH_RUNS ?? 3);

const scans = [];
let clipCount = 0;
for (let i = 0; i < runs; i++) {
  const { seconds, stdout } = await timeSer(['scan', tessDir, '--json']);
  scans.push(seconds);
  clipCount = JSON.parse(stdout).clipCount;
}

const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const cache = mkdtempSync(join(tmpdir(), 'ser-bench-cache-'));
  try {
    const c = await timeSer(['features', tessDir, '--spec', 'seed', '--json', '--cache-dir', cache]);
    cold.push(c.seconds);
    const lines = c.stdout.trim().split('\n').length;
    if (lines !== clipCount) throw new Error(`expected ${clipCount} feature lines, got ${lines}`);
    warm.push((await timeSer(['features', tessDir, '--spec', 'seed', '--json', '--cache-dir', cache])).seconds);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
console.log(
  `features: scan of ${clipCount} TESS clips (ser scan --json): median ${fmt(scans.length && median(scans))} s over ${runs} runs [${scans.map((s) => fmt(s)).join(', ')}]`,
);
console.log(
  `features: seed features, ${clipCount} clips, cold (empty cache, worker pool): median ${fmt(median(cold))} s [${cold.map((s) => fmt(s)).join(', ')}]  target ≤ 10 s`,
);
console.log(`features: seed features, ${clipCount} clips, warm (cached): median ${fmt(median(warm))} s [${warm.map((s) => fmt(s)).join(', ')}]  target ≤ 1 s`);

// Per core: the app on one worker against Python in one process, alternating so both see the same load.
// The first Python that also has resampy (for the kaiser_best line), else the first with the rest.
const pythons = ['python3', '/usr/bin/python3'];
const imports = (p, modules) => spawnSync(p, ['-c', `import ${modules}`], { stdio: 'ignore' }).status === 0;
const python = pythons.find((p) => imports(p, 'numpy, scipy, soundfile, resampy')) ?? pythons.find((p) => imports(p, 'numpy, scipy, soundfile'));
if (!python) {
  console.log(
    'features: Python baseline skipped: no python3 with numpy, scipy and soundfile (e.g. apt-get install python3-scipy python3-soundfile python3-resampy)',
  );
} else {
  const paths = JSON.parse((await timeSer(['scan', tessDir, '--json'])).stdout).clips.map((c) => c.path);
  const pyScript = `${projectRoot}scripts/py/seed_features.py`;
  // One process per run; its own figure is its loop over the clips, after imports and a warm-up.
  const py = (resampler, clips, extra = []) => {
    const r = spawnSync(python, [pyScript, '--resampler', resampler, ...extra], {
      input: clips.join('\n'),
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' },
    });
    const line = r.stdout.trim().split('\n').at(-1) ?? '';
    if (r.status !== 0 || !line.startsWith('{')) return { skipped: `failed (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1)}` };
    return JSON.parse(line);
  };
  mkdirSync(dirname(loopBundle), { recursive: true });
  await build({
    entryPoints: [join(projectRoot, 'src-main/testing/seed-feature-loop.ts')],
    outfile: loopBundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const appLoop = () => {
    const r = spawnSync(process.execPath, [process.argv[1], '--loop'], { input: paths.join('\n'), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the app's feature loop failed: ${r.stderr.slice(-1500)}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)).seconds;
  };
  console.log(`features: per core, ${paths.length} clips; at start: ${uptime()}`);
  const app = [];
  const loop = [];
  const soxr = [];
  const perCall = []; // the same with librosa's filterbank built per clip
  let soxrWhat = '';
  let perCallWhat = '';
  for (let i = 0; i < runs; i++) {
    app.push((await timeSer(['features', tessDir, '--spec', 'seed', '--json', '--no-cache', '--workers', '1'])).seconds);
    loop.push(appLoop());
    const s = py('soxr_hq', paths);
    if (s.skipped) {
      soxrWhat = s.skipped;
      break;
    }
    soxr.push(s.seconds);
    soxrWhat = s.what;
    const c = py('soxr_hq', paths, ['--per-call-filterbank']);
    if (!c.skipped) [perCall[perCall.length], perCallWhat] = [c.seconds, c.what];
  }
  const appMedian = median(app);
  console.log(`  app, ser features --no-cache --workers 1 (wall, with start-up and scan): median ${fmt(appMedian)} s [${app.map((s) => fmt(s)).join(', ')}]`);
  console.log(
    `  app, the same loop in one thread (decode + features, after a warm-up, as the Python side): median ${fmt(median(loop))} s [${loop.map((s) => fmt(s)).join(', ')}]`,
  );
  if (soxr.length) {
    console.log(`  python, ${soxrWhat}: median ${fmt(median(soxr))} s [${soxr.map((s) => fmt(s)).join(', ')}]`);
    console.log(
      `  ratio python/app: ${fmt(median(soxr) / appMedian, 2)}x against ser's wall time, ${fmt(median(soxr) / median(loop), 2)}x loop against loop (target >= 2x)`,
    );
    if (perCall.length) {
      console.log(`  python, ${perCallWhat}: median ${fmt(median(perCall))} s [${perCall.map((x) => fmt(x)).join(', ')}]`);
      console.log(
        `  ratio python/app, filterbank per clip as librosa: ${fmt(median(perCall) / appMedian, 2)}x against ser's wall time, ${fmt(median(perCall) / median(loop), 2)}x loop against loop`,
      );
    }
  } else console.log(`  python soxr_hq: skipped, ${soxrWhat}`);
  // resampy's kaiser_best (what the librosa references use) is much slower here: a tenth of the clips, per clip.
  const tenth = paths.filter((_, i) => i % 10 === 0);
  const k = py('kaiser_best', tenth);
  if (k.skipped) console.log(`  python kaiser_best: skipped, ${k.skipped}`);
  else {
    const perClip = (k.seconds / k.clips) * 1000;
    console.log(
      `  python, ${k.what}, every 10th clip (${k.clips}): ${fmt(perClip, 1)} ms per clip; app ${fmt((appMedian / paths.length) * 1000, 2)} ms per clip (ratio ${fmt(perClip / ((appMedian / paths.length) * 1000), 1)}x)`,
    );
  }
  console.log(`features: per core; at end: ${uptime()}`);
}
