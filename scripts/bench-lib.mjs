// Small helpers shared by the benchmark scripts.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg, uptime as osUptime } from 'node:os';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const sharedDir = fileURLToPath(new URL('../../shared', import.meta.url));
export const tessDir = `${sharedDir}/data/tess`;
export const hasTess = existsSync(tessDir);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `ser …args` (the bundled CLI); resolves with wall seconds and stdout; rejects on a non-zero exit. */
export function timeSer(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [`${projectRoot}dist-main/cli/main.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`ser ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().slice(-2000)}`));
      else resolve({ seconds, stdout: Buffer.concat(out).toString() });
    });
  });
}

export function fmt(x, digits = 3) {
  return Number(x).toFixed(digits);
}

/** Starts the browser host (dist-main/host/serve.js) with its own folders under `home`; resolves once it listens. */
export function startHost(home, args = []) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [`${projectRoot}dist-main/host/serve.js`, '--port', '0', '--state-file', 'none', ...args], {
    cwd: projectRoot,
    env: { ...process.env, XDG_CONFIG_HOME: `${home}/c`, XDG_DATA_HOME: `${home}/d`, XDG_CACHE_HOME: `${home}/x` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Listening on (\S+)/.exec(out);
      if (m) res({ child, url: m[1], t0, listening: (performance.now() - t0) / 1000 });
    });
    child.once('exit', (code) => rej(new Error(`serve.js exited with code ${code} before listening`)));
  });
}

/** Stops a host started by startHost and waits for it to exit. */
export async function stopHost(child) {
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
}

/** Debian's Chromium (or CHROMIUM_PATH) with the flags that work on these machines, plus `extraArgs`. */
export async function launchChromium(extraArgs = []) {
  // Loaded here, not at the top: the feature and training benchmarks share this file and need no browser.
  const { chromium } = await import('@playwright/test');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/** What `uptime` prints (time, load averages over 1, 5 and 15 minutes), for figures measured on a shared machine. */
export function uptime() {
  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
  return `${new Date().toISOString().slice(11, 19)} UTC up ${(osUptime() / 3600).toFixed(1)} h, load average: ${load}`;
}

/**
 * Bundles the project's TypeScript modules a benchmark imports (`lines`: its `export … from './src-main/…'`
 * lines) into node_modules/.cache/ser-bench/<name>.mjs; resolves to the bundle's path, to import.
 */
export async function benchBundle(name, lines) {
  const dir = `${projectRoot}node_modules/.cache/ser-bench`;
  mkdirSync(dir, { recursive: true });
  const outfile = `${dir}/${name}.mjs`;
  await build({
    stdin: { contents: lines.join('\n'), resolveDir: projectRoot, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}
