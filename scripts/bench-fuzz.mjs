// Benchmark: the property-based fuzz targets (every api request, the WAV and AIFF parsers, the FLAC, MP3,
// Ogg Vorbis, Ogg Opus and WebM decoders) with
// SER_FUZZ_RUNS cases each (default 10 000; `npm test` runs 500), fixed seed, each case under a
// timeout. Runs the same Vitest files as the tests and prints their case-count lines.
import { spawnSync } from 'node:child_process';
import { projectRoot } from './bench-lib.mjs';

const runs = process.env.SER_FUZZ_RUNS ?? '10000';
const started = performance.now();
const r = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    'src-main/core/audio/decode.fuzz.test.ts',
    'src-main/core/audio/compressed.fuzz.test.ts',
    'src-main/api/server.fuzz.test.ts',
  ],
  {
    cwd: projectRoot,
    env: { ...process.env, SER_FUZZ_RUNS: runs, FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  },
);
const output = `${r.stdout}${r.stderr}`;
const lines = output.split('\n').filter((l) => l.startsWith('fuzz: '));
for (const l of lines) console.log(l);
const total = lines.reduce((sum, l) => sum + Number(/: (\d+) cases/.exec(l)?.[1] ?? 0), 0);
console.log(`fuzz: ${lines.length} targets, ${total} cases in ${((performance.now() - started) / 1000).toFixed(0)} s (SER_FUZZ_RUNS=${runs})`);
if (r.status !== 0) {
  console.log(output.split('\n').slice(-60).join('\n'));
  console.log('fuzz: FAILED');
  process.exitCode = 1;
}
