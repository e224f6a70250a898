// Predict latency for one 3 s clip (decode + features + model) through the inference worker, warm:
// median over >= 20 runs (target <= 30 ms). Uses --model DIR, or trains a small seed model first on
// generated audio (latency depends on the architecture, not on what the weights learned).
//   node scripts/bench-predict.mjs [--model DIR | --preset seed|sequence|both] [--runs N] [--backend tensorflow|wasm|cpu]
import { spawn } from 'node:child_process';
import { pcm16Wav } from './bench-audio.mjs';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist-main/cli/main.js');
const tessDir = fileURLToPath(new URL('../../shared/data/tess', import.meta.url));
const TARGET_MS = 30;
const WARMUP = 5;

const { values } = parseArgs({
  options: { model: { type: 'string' }, preset: { type: 'string', default: 'both' }, runs: { type: 'string', default: '30' }, backend: { type: 'string' } },
});
const runs = Number(values.runs);
if (!(Number.isInteger(runs) && runs >= 20)) throw new Error(`--runs must be a whole number >= 20 (got ${values.runs})`);
const presets = values.preset === 'both' ? ['seed', 'sequence'] : [values.preset];
if (!presets.every((p) => p === 'seed' || p === 'sequence')) throw new Error(`--preset must be seed, sequence or both (got ${values.preset})`);
if (!existsSync(cli)) {
  console.error(`predict: ${cli} is missing; run \`npm run build:main\` first`);
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** 16-bit mono PCM WAV bytes of float samples. */
function wav(samples, sampleRate) {
  return pcm16Wav(
    Int16Array.from(samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767)))),
    sampleRate,
  );
}

/** A voiced-sounding test clip: a gliding harmonic tone with a syllable envelope and a little noise. */
function speechLike(seconds, sampleRate, f0, seed) {
  let s = seed >>> 0;
  return Array.from({ length: Math.round(seconds * sampleRate) }, (_, i) => {
    const t = i / sampleRate;
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const f = f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 0.7 * t));
    const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t) ** 2;
    return env * (0.25 * Math.sin(2 * Math.PI * f * t) + 0.1 * Math.sin(4 * Math.PI * f * t)) + 0.01 * (s / 2 ** 32 - 0.5);
  });
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`ser ${args.slice(0, 2).join(' ')} … exited ${code}: ${Buffer.concat(err).toString().slice(-1500)}`));
      else resolve(Buffer.concat(out).toString());
    });
  });
}

const work = await mkdtemp(join(tmpdir(), 'ser-bench-predict-'));
try {
  const backendArgs = values.backend ? ['--backend', values.backend] : [];
  const models = [];
  if (values.model) models.push({ name: values.model, dir: values.model });
  else {
    // Three labels in folder-per-label layout, eight clips each; one epoch is enough for timing.
    const corpus = join(work, 'corpus');
    for (const [k, label] of ['angry', 'happy', 'sad'].entries()) {
      await mkdir(join(corpus, label), { recursive: true });
      for (let i = 0; i < 8; i++) await writeFile(join(corpus, label, `clip${i}.wav`), wav(speechLike(2, 22050, 110 + 70 * k + 5 * i, 17 * k + i + 1), 22050));
    }
    for (const preset of presets) {
      const dir = join(work, `model-${preset}`);
      const started = performance.now();
      await run([
        'train',
        corpus,
        '--preset',
        preset,
        '--epochs',
        '1',
        '--batch',
        '16',
        '--out',
        dir,
        '--cache-dir',
        join(work, 'cache'),
        '--json',
        ...backendArgs,
      ]);
      console.log(`predict: trained a ${preset} model on generated audio in ${((performance.now() - started) / 1000).toFixed(1)} s (no --model given)`);
      models.push({ name: `${preset} preset`, dir });
    }
  }

  const clips = [];
  const generated = join(work, 'three-seconds.wav');
  // 3.5 s at TESS's 24414 Hz: the seed feature reads 3 s after a 0.5 s offset, so all of it is used.
  await writeFile(generated, wav(speechLike(3.5, 24414, 180, 7), 24414));
  clips.push({ name: 'generated 3.5 s clip, 24414 Hz', path: generated });
  if (existsSync(tessDir)) {
    const base = join(tessDir, 'TESS Toronto emotional speech set data', 'OAF_angry');
    const longest = readdirSync(base)
      .filter((f) => f.endsWith('.wav'))
      .map((f) => join(base, f))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0];
    clips.push({ name: `TESS ${longest.split('/').pop()}`, path: longest });
  } else {
    console.log(`predict: ${tessDir} is absent (shared data not mounted): measuring the generated clip only`);
  }

  for (const model of models) {
    for (const clip of clips) {
      const out = await run(['predict', model.dir, ...Array(WARMUP + runs).fill(clip.path), '--json', '--time', ...backendArgs]);
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .slice(WARMUP);
      const bad = lines.find((l) => l.error);
      if (bad) throw new Error(`predict failed on ${clip.path}: ${bad.error}`);
      const ms = lines.map((l) => l.ms);
      const part = (k) => median(lines.map((l) => l.timings[k])).toFixed(1);
      const m = median(ms);
      console.log(
        `predict latency, ${model.name}, ${clip.name} (backend ${lines[0].backend}; ${runs} warm runs): median ${m.toFixed(1)} ms, p90 ${quantile(ms, 0.9).toFixed(1)} ms ` +
          `[decode ${part('decodeMs')} + features ${part('featuresMs')} + model ${part('modelMs')} ms] — target <= ${TARGET_MS} ms: ${m <= TARGET_MS ? 'met' : 'NOT met'}`,
      );
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
