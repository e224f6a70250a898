// Decode + seed features per clip for each compressed format against WAV, on the same TESS clips
// converted now with ffmpeg into a temp folder (nothing is kept). Two measures, both formats of a clip
// back to back so they share the machine's load: in-process (decode, then features, one clip at a time,
// median over clips and passes) and `ser features` cold through the worker pool (wall time per format).
//   node scripts/bench-formats.mjs [--clips N] [--passes N]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { fmt, hasTess, median, projectRoot, tessDir, timeSer } from './bench-lib.mjs';

// Not strict: `npm run bench` hands every benchmark the options given after the names (another's --minutes, say).
const { values } = parseArgs({ options: { clips: { type: 'string', default: '100' }, passes: { type: 'string', default: '3' } }, strict: false });
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
if (!hasTess) {
  console.log(`formats: skipped (${tessDir} is absent)`);
  process.exit(0);
}
if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) {
  console.log('formats: skipped (ffmpeg is not installed: apt-get install ffmpeg)');
  process.exit(0);
}

// The same settings as the tests (src-main/testing/ffmpeg-fixtures.ts): each codec's top rate for 24 kHz mono.
const FORMATS = {
  flac: ['flac', ['-c:a', 'flac']],
  mp3: ['mp3', ['-c:a', 'libmp3lame', '-b:a', '160k']],
  'ogg-vorbis': ['ogg', ['-c:a', 'libvorbis', '-q:a', '10']],
  'ogg-opus': ['opus', ['-c:a', 'libopus', '-b:a', '128k']],
  'webm-opus': ['webm', ['-c:a', 'libopus', '-b:a', '128k', '-f', 'webm']],
};

const root = join(tessDir, 'TESS Toronto emotional speech set data');
const folders = readdirSync(root).sort();
const perFolder = Math.ceil(Number(values.clips) / folders.length);
const picked = folders.flatMap((f) =>
  readdirSync(join(root, f))
    .filter((n) => n.endsWith('.wav'))
    .sort()
    .slice(0, perFolder)
    .map((n) => join(f, n)),
);
const clips = picked.slice(0, Number(values.clips));
const tmp = mkdtempSync(join(tmpdir(), 'ser-bench-formats-'));
try {
  // The WAV side is a copy of the same clips in the temp folder, so both sides read the same disk.
  const dirs = { wav: join(tmp, 'wav') };
  for (const rel of clips) {
    mkdirSync(join(dirs.wav, rel, '..'), { recursive: true });
    copyFileSync(join(root, rel), join(dirs.wav, rel));
  }
  for (const [format, [ext, args]] of Object.entries(FORMATS)) {
    dirs[format] = join(tmp, format);
    for (const rel of clips) {
      mkdirSync(join(dirs[format], rel, '..'), { recursive: true });
      execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', join(root, rel), ...args, join(dirs[format], rel.replace(/\.wav$/, `.${ext}`))]);
    }
  }
  const pathOf = (format, rel) => (format === 'wav' ? join(dirs.wav, rel) : join(dirs[format], rel.replace(/\.wav$/, `.${FORMATS[format][0]}`)));

  // The core functions, bundled from source for this run (packages stay external, resolved from the project).
  const entry = join(projectRoot, 'node_modules/.cache/ser-bench/formats-entry.mjs');
  await build({
    stdin: {
      contents: "export { decodeAudioFile } from './src-main/core/audio/decode'; export { extractFeatures, SEED_SPEC } from './src-main/core/features';",
      resolveDir: projectRoot,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: entry,
    logLevel: 'error',
  });
  const { decodeAudioFile, extractFeatures, SEED_SPEC } = await import(entry);

  console.log(uptime());
  const names = ['wav', ...Object.keys(FORMATS)];
  const times = Object.fromEntries(names.map((n) => [n, { decode: [], features: [] }]));
  for (const n of names) await decodeAudioFile(pathOf(n, clips[0])); // load each decoder once before timing
  for (let pass = 0; pass < Number(values.passes); pass++) {
    for (const rel of clips) {
      for (const n of names) {
        const t0 = performance.now();
        const audio = await decodeAudioFile(pathOf(n, rel));
        const t1 = performance.now();
        extractFeatures(audio, SEED_SPEC);
        times[n].decode.push(t1 - t0);
        times[n].features.push(performance.now() - t1);
      }
    }
  }
  const wavTotal = median(times.wav.decode) + median(times.wav.features);
  console.log(`formats: ${clips.length} TESS clips × ${values.passes} passes, in-process, one clip at a time (median per clip):`);
  for (const n of names) {
    const d = median(times[n].decode);
    const f = median(times[n].features);
    const ratio = n === 'wav' ? '' : ` (${fmt((d + f) / wavTotal, 2)}× WAV)`;
    console.log(`formats:   ${n.padEnd(10)} decode ${fmt(d, 2)} ms + seed features ${fmt(f, 2)} ms = ${fmt(d + f, 2)} ms${ratio}`);
  }
  const pool = [];
  for (const n of names) {
    const cache = mkdtempSync(join(tmp, `cache-${n}-`));
    const { seconds } = await timeSer(['features', dirs[n], '--spec', 'seed', '--json', '--cache-dir', cache]);
    pool.push(`${n} ${fmt(seconds, 2)} s`);
  }
  console.log(`formats: ser features --spec seed, cold, worker pool, ${clips.length} clips per format (wall, incl. process start): ${pool.join(', ')}`);
  console.log(uptime());
} finally {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(join(projectRoot, 'node_modules/.cache/ser-bench'), { recursive: true, force: true });
}
