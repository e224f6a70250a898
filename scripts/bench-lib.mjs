// Small helpers shared by the benchmark scripts.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
