#!/usr/bin/env node
// `npm start [-- <args>]`: runs the desktop app in Electron. Where no Electron binary can be had it says
// so in one sentence and starts the browser host instead (same app, served on 127.0.0.1), printing its URL
// and opening it in the default browser.
// The binary is looked up the way the electron package does, but without its download-on-require.
//   --no-open         do not open a browser (tests, remote machines)
//   --retry-electron  try the Electron download again after it failed (a failure is remembered)
// SER_ELECTRON_DOWNLOAD_STATE names the file that remembers a failed download (default under node_modules/.cache).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const START_FLAGS = new Set(['--no-open', '--retry-electron']);
const argv = process.argv.slice(2);
const noOpen = argv.includes('--no-open');
const retryElectron = argv.includes('--retry-electron');
const args = argv.filter((a) => !START_FLAGS.has(a));

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

// A failed download is remembered, so that every later start does not wait for it again (up to 5 minutes
// where the network drops packets); a new `npm ci` (a fresh node_modules) or --retry-electron tries again.
const downloadState = process.env.SER_ELECTRON_DOWNLOAD_STATE || join(root, 'node_modules', '.cache', 'ser-studio', 'electron-download.json');

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** The remembered failure for this Electron version, or undefined. */
function rememberedFailure() {
  try {
    const failure = JSON.parse(readFileSync(downloadState, 'utf8'));
    return failure.electron === electronVersion() ? failure : undefined;
  } catch {
    return undefined;
  }
}

/** Electron 42+ installs no binary with the package: fetch it on first launch, as `electron` itself would. */
function electronBinaryOrDownload() {
  const found = electronBinary();
  const installer = join(root, 'node_modules', 'electron', 'install.js');
  if (found.bin || !existsSync(installer) || process.env.SER_NO_ELECTRON_DOWNLOAD) return found;
  if (retryElectron) rmSync(downloadState, { force: true });
  const failed = rememberedFailure();
  if (failed) {
    const when = new Date(failed.failedAt).toLocaleString();
    return { reason: `downloading Electron ${failed.electron} failed on ${when} (${failed.reason}); \`npm start -- --retry-electron\` tries again` };
  }
  console.log('Fetching the Electron binary (first launch)…');
  const r = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: 300_000 });
  if (r.status === 0) return electronBinary();
  const why =
    (r.error?.code === 'ETIMEDOUT' ? 'no answer within 5 minutes' : undefined) ||
    (r.stderr || '')
      .split('\n')
      .find((l) => /error/i.test(l))
      ?.trim() ||
    `exit ${r.status}`;
  try {
    mkdirSync(dirname(downloadState), { recursive: true });
    writeFileSync(downloadState, JSON.stringify({ electron: electronVersion(), failedAt: new Date().toISOString(), reason: why }, null, 2) + '\n');
  } catch {
    // Not remembering only costs the next start another attempt.
  }
  return { reason: `${found.reason}, and fetching it failed: ${why}; the next start will not try again (\`npm start -- --retry-electron\` does)` };
}

/** Opens a URL in the default browser: the platform's own opener, detached; false when there is none. */
function openInBrowser(url) {
  const [command, ...openerArgs] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  return new Promise((resolve) => {
    const opener = spawn(command, openerArgs, { stdio: 'ignore', detached: true });
    opener.once('error', () => resolve(false));
    opener.once('spawn', () => {
      opener.unref();
      resolve(true);
    });
  });
}

const electron = electronBinaryOrDownload();
let child;
if (electron.bin) {
  child = spawn(electron.bin, [root, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
} else {
  console.log(`No Electron binary can run here (${electron.reason}), so SER Studio starts as a browser app instead.`);
  child = spawn(process.execPath, [join(root, 'dist-main', 'host', 'serve.js'), ...args], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  // Pass the host's lines through; open its one URL line (with the token) in the default browser.
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    const url = /^Listening on (http:\/\/\S+)$/.exec(line)?.[1];
    if (!url) return;
    if (noOpen) return console.log('Open that URL in a browser (--no-open: none was opened).');
    void openInBrowser(url).then((opened) =>
      console.log(opened ? 'Opened it in the default browser.' : 'No browser opener (xdg-open) is installed here: open that URL in a browser.'),
    );
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
