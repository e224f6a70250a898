#!/usr/bin/env node
// `npm start [-- <args>]`: runs the desktop app in Electron. Where no Electron binary can be had it says
// so in one sentence and starts the browser host instead (same app, served on 127.0.0.1), printing its URL.
// The binary is looked up the way the electron package does, but without its download-on-require.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable, or the reason there is none. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  if (!name && !process.env.ELECTRON_OVERRIDE_DIST_PATH) return { reason: 'node_modules/electron has no downloaded binary' };
  const bin = join(dist, name || 'electron');
  if (!existsSync(bin)) return { reason: `${bin} does not exist` };
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 15000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.error || probe.status !== 0) return { reason: `${bin} does not run (${probe.error?.message ?? `exit ${probe.status}`})` };
  return { bin };
}

function ensureBuilt(files, command, what) {
  if (files.every((f) => existsSync(join(root, f)))) return;
  console.log(`Building the ${what} first (${command.join(' ')})…`);
  const r = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`start: building the ${what} failed; run \`npm run build\` and read its errors.`);
    process.exit(1);
  }
}

ensureBuilt(
  ['dist-main/host/serve.js', 'dist-main/electron/main.js', 'dist-main/electron/preload.cjs'],
  [process.execPath, 'scripts/build-main.mjs'],
  'main process',
);
ensureBuilt(['dist-renderer/index.html'], [process.execPath, join('node_modules', 'vite', 'bin', 'vite.js'), 'build'], 'renderer');

/** Electron 42+ installs no binary with the package: fetch it on first launch, as `electron` itself would. */
function electronBinaryOrDownload() {
  const found = electronBinary();
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (found.bin || !existsSync(installer) || process.env.SER_NO_ELECTRON_DOWNLOAD) return found;
  console.log('Fetching the Electron binary (first launch)…');
  const r = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) return electronBinary();
  const why =
    (r.stderr || '')
      .split('\n')
      .find((l) => /error/i.test(l))
      ?.trim() || `exit ${r.status}`;
  return { reason: `${found.reason}, and fetching it failed: ${why}` };
}

const electron = electronBinaryOrDownload();
let child;
if (electron.bin) {
  child = spawn(electron.bin, [root, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
} else {
  console.log(`No Electron binary can run here (${electron.reason}), so SER Studio starts as a browser app instead: open the URL below.`);
  child = spawn(process.execPath, [join(root, 'dist-main', 'host', 'serve.js'), ...args], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
