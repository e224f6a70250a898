// `npm start` where no Electron binary can be had (this machine): the browser host, opened in the default
// browser; a failed Electron download is remembered and not retried on every start.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const work = mkdtempSync(join(tmpdir(), 'ser-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A stand-in `xdg-open` on PATH that records the URL it was asked to open.
const opened = join(work, 'opened.txt');
writeFileSync(join(work, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
chmodSync(join(work, 'xdg-open'), 0o755);
const state = join(work, 'electron-download.json');

/** Runs `node scripts/start.mjs …` until the browser host listens (and the opener had its turn), then stops it. */
async function start(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [resolve('scripts/start.mjs'), '--port', '0', '--state-file', 'none', ...args], {
    env: {
      ...process.env,
      PATH: `${work}:${process.env.PATH}`,
      SER_ELECTRON_DOWNLOAD_STATE: state,
      // Fail fast: nothing listens on port 9 (discard) here.
      ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/\n(Opened it|Open that URL|No browser opener)/.test(out) && child.exitCode === null && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('close', r));
  return out;
}

// Where Electron's binary was downloaded, npm start runs it instead: these checks are for the machines without.
const hasElectron = existsSync(resolve('node_modules/electron/path.txt'));
if (hasElectron) console.warn('scripts/start.test: an Electron binary is installed; skipping the checks of npm start without one');

describe.skipIf(process.platform !== 'linux' || hasElectron)('npm start without an Electron binary', () => {
  it('opens the browser host’s token URL in the default browser, and not with --no-open', async () => {
    const out = await start([], { SER_NO_ELECTRON_DOWNLOAD: '1' });
    const url = /Listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1];
    expect(url, out).toBeDefined();
    expect(out).toContain('Opened it in the default browser.');
    expect(readFileSync(opened, 'utf8')).toBe(`${url}\n`);
    const quiet = await start(['--no-open'], { SER_NO_ELECTRON_DOWNLOAD: '1' });
    expect(quiet).toContain('--no-open: none was opened');
    expect(readFileSync(opened, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('remembers a failed Electron download, says how to retry, and retries only when asked', async () => {
    rmSync(state, { force: true });
    const first = await start(['--no-open']);
    expect(first).toContain('Fetching the Electron binary');
    expect(first).toContain('the next start will not try again (`npm start -- --retry-electron` does)');
    expect(existsSync(state)).toBe(true);
    const second = await start(['--no-open']);
    expect(second).not.toContain('Fetching the Electron binary');
    expect(second).toMatch(/downloading Electron [\d.]+ failed on .*; `npm start -- --retry-electron` tries again/);
    expect(second).toContain('Listening on http://127.0.0.1:');
    const retried = await start(['--no-open', '--retry-electron']);
    expect(retried).toContain('Fetching the Electron binary');
  });
});
