// Packaging check (part of `npm test`): electron-builder --linux dir with electronDist pointing at a
// stand-in folder (no Electron binary can be downloaded here), then the produced app must hold the
// built main, preload, workers and renderer, the default model(s) of resources/models, and tfjs's
// .wasm files where the workers look for them; and nothing of tests, sources or source maps.
// A broken `files` list in electron-builder.yml fails this check (and so CI).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'ser-package-check-'));

// What electron-builder copies from an unpacked Electron: the binary (renamed to the product's
// executable), resources/, locales/, version. The binary here is a script that says what it is.
const standIn = join(work, 'electron-dist-STAND-IN-not-electron');
mkdirSync(join(standIn, 'resources'), { recursive: true });
mkdirSync(join(standIn, 'locales'));
writeFileSync(join(standIn, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary (SER Studio packaging check); not Electron" >&2\nexit 1\n');
chmodSync(join(standIn, 'electron'), 0o755);
writeFileSync(join(standIn, 'version'), electronVersion);
writeFileSync(join(standIn, 'LICENSE'), 'stand-in\n');
writeFileSync(join(standIn, 'locales', 'en-US.pak'), '');

const out = join(work, 'release');
const started = performance.now();
const builder = spawnSync(
  process.execPath,
  [
    require.resolve('electron-builder/cli.js'),
    '--linux',
    'dir',
    '--publish',
    'never',
    `-c.electronDist=${standIn}`,
    `-c.electronVersion=${electronVersion}`,
    `-c.directories.output=${out}`,
  ],
  { cwd: root, encoding: 'utf8', env: { ...process.env, ELECTRON_BUILDER_CACHE: join(work, 'cache'), CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
);
const problems = [];
if (builder.status !== 0) problems.push(`electron-builder --linux dir failed (exit ${builder.status}):\n${(builder.stdout + builder.stderr).slice(-3000)}`);

const appDir = join(out, 'linux-unpacked', 'resources', 'app');
const files = existsSync(appDir) ? walk(appDir) : [];
const has = (rel) => files.includes(rel);
function walk(dir) {
  const outList = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) outList.push(...walk(p));
    else outList.push(relative(appDir, p).split(sep).join('/'));
  }
  return outList;
}

if (builder.status === 0) {
  const required = [
    'package.json',
    'dist-main/electron/main.js',
    'dist-main/electron/preload.cjs',
    'dist-main/host/serve.js',
    'dist-renderer/index.html',
    'resources/icon.png',
  ];
  for (const worker of readdirSync(join(root, 'src-main/core/jobs')).filter((f) => f.endsWith('-worker.ts')))
    required.push(`dist-main/core/jobs/${worker.replace(/\.ts$/, '.js')}`);
  // The default model(s) the app ships: whatever resources/models holds in the source tree.
  const modelsDir = join(root, 'resources', 'models');
  if (existsSync(modelsDir)) for (const f of walkFrom(modelsDir)) required.push(`resources/models/${f}`);
  // The workers' wasm backend reads its binaries beside the package's main file (backend.ts: setWasmPaths).
  const wasmMain = require.resolve('@tensorflow/tfjs-backend-wasm');
  for (const f of readdirSync(dirname(wasmMain)).filter((n) => n.endsWith('.wasm')))
    required.push(`${relative(root, dirname(wasmMain)).split(sep).join('/')}/${f}`);
  // The STFT's PFFFT binary, read beside its glue (src-main/core/features/rfft.ts).
  required.push(
    `${relative(root, dirname(require.resolve('@echogarden/pffft-wasm/simd')))
      .split(sep)
      .join('/')}/pffft.wasm`,
  );
  const optionalNative = existsSync(join(root, 'node_modules/@tensorflow/tfjs-node/package.json'));
  if (optionalNative) required.push('node_modules/@tensorflow/tfjs-node/package.json');
  for (const r of required) if (!has(r)) problems.push(`missing from the app: ${r}`);
  if (!files.some((f) => /^dist-renderer\/assets\/.+\.js$/.test(f))) problems.push('missing from the app: the renderer bundle (dist-renderer/assets/*.js)');

  // The project's own tests, sources and configuration; of node_modules, only development dependencies.
  const forbidden = [
    [/^(src-main|src-renderer|e2e|scripts|docs|\.ci)\//, 'sources, tests or scripts'],
    [/\.(test|spec)\.[cm]?[jt]s$/, 'a test file'],
    [/\.map$/, 'a source map'],
    [/^resources\/screenshots\//, 'README screenshots'],
    [/^(tsconfig|vitest\.config|playwright\.config|vite\.config|eslint\.config|svelte\.config|knip)\.[a-z]+$/, 'build configuration'],
  ];
  const devOnly =
    /^node_modules\/(vitest|@vitest|@playwright|playwright|electron|electron-builder|app-builder-lib|typescript|svelte|svelte-check|vite|esbuild|fast-check|eslint|prettier|knip|dependency-cruiser)\//;
  for (const f of files) {
    if (devOnly.test(f)) problems.push(`a development dependency in the app: ${f}`);
    if (f.startsWith('node_modules/')) continue;
    for (const [pattern, what] of forbidden) if (pattern.test(f)) problems.push(`${what} in the app: ${f}`);
  }

  const bytes = files.reduce((sum, f) => sum + statSync(join(appDir, f)).size, 0);
  const exe = join(
    out,
    'linux-unpacked',
    readdirSync(join(out, 'linux-unpacked')).find((n) => !n.includes('.') && n !== 'resources' && n !== 'locales') ?? '?',
  );
  console.log(
    `package check: electron-builder --linux dir with a stand-in electronDist (${relative(work, standIn)}, Electron ${electronVersion}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MB in resources/app; executable ${relative(out, exe)} (the stand-in script)`,
  );
  console.log(
    `  checked: ${required.length} required files (main, preload, ${required.filter((r) => r.includes('-worker.js')).length} workers, renderer, ${required.filter((r) => r.startsWith('resources/models/')).length} default-model files, ${required.filter((r) => r.endsWith('.wasm')).length} .wasm files of tfjs and PFFFT)`,
  );
  console.log(
    `  tfjs-node: ${optionalNative ? 'installed on this machine, so shipped (node_modules/@tensorflow/tfjs-node)' : 'not installed on this machine, so not shipped (the app uses wasm)'}`,
  );
}

function walkFrom(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFrom(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
}

rmSync(work, { recursive: true, force: true });
if (problems.length) {
  console.log(`package check: FAILED\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else console.log('package check: passed');
