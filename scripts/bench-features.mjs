// Benchmark: scan time and seed-feature extraction of ../shared/data/tess, cold (empty cache,
// worker pool) and warm (cached). Wall time of the `ser` command as a user runs it; medians of 3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, hasTess, median, tessDir, timeSer } from './bench-lib.mjs';

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
