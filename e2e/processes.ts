/** Child processes the specs need: the browser host, `ser scan --json`, and the Electron binary lookup. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..');
export const sharedTess = resolve(projectRoot, '..', 'shared', 'data', 'tess');

export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** Seconds from spawn to the Listening line. */
  startSeconds: number;
  stop(): Promise<void>;
}

/** Spawns `node dist-main/host/serve.js --port 0` with its own state folder (plus `env`) and waits for its one line. */
export async function startHostProcess(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<HostProcess> {
  const bundle = join(projectRoot, 'dist-main', 'host', 'serve.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
  const home = mkdtempSync(join(tmpdir(), 'ser-e2e-home-'));
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [bundle, '--port', '0', ...extraArgs], {
    cwd: projectRoot,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error(`the host printed no Listening line within 30 s; stderr: ${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        res(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the host exited (code ${code}) before listening: ${stderr}`));
    });
  });
  const m = /^Listening on (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/.exec(line);
  if (!m) throw new Error(`unexpected first line from the host: ${JSON.stringify(line)}`);
  const startSeconds = (performance.now() - started) / 1000;
  return {
    url: m[1],
    origin: `http://127.0.0.1:${m[2]}`,
    port: Number(m[2]),
    token: m[3],
    startSeconds,
    stop: () =>
      new Promise<void>((res) => {
        const done = () => {
          rmSync(home, { recursive: true, force: true });
          res();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

export interface ScanSummary {
  root: string;
  corpus: string;
  clipCount: number;
  speakers: string[];
  labelCounts: Record<string, number>;
  problems: { path: string; reason: string }[];
  duplicates: { path: string; sameAs: string }[];
}

/** `ser scan <dir> --json`, the reference the UI's counts must match. */
export function serScan(dir: string): ScanSummary {
  const bin = existsSync(join(projectRoot, 'bin', 'ser.js')) ? join(projectRoot, 'bin', 'ser.js') : join(projectRoot, 'dist-main', 'cli', 'main.js');
  const r = spawnSync(process.execPath, [bin, 'scan', dir, '--json'], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && !r.stdout.trim()) throw new Error(`ser scan ${dir} --json failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ScanSummary;
}

/** The Electron executable, or why there is none (the electron package's own lookup downloads; this one does not). */
export function electronBinary(): { bin: string } | { reason: string } {
  const pkg = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile) && !process.env.ELECTRON_OVERRIDE_DIST_PATH)
    return { reason: 'no Electron binary is installed here (node_modules/electron has no downloaded binary)' };
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist'), name);
  if (!existsSync(bin)) return { reason: `no Electron binary at ${bin}` };
  return { bin };
}
