import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from './serve-args';

const bundle = resolve('dist-main/host/serve.js');

describe('serve arguments', () => {
  it('defaults to any free port and parses the options', () => {
    expect(parseServeArgs([]).port).toBe(0);
    const a = parseServeArgs(['--port', '8123', '--open-corpus=/data/tess', '--state-file', 'none']);
    expect(a).toMatchObject({ port: 8123, openCorpus: '/data/tess', stateFile: null });
  });

  it('takes the folders for models, the feature cache and recordings', () => {
    const a = parseServeArgs(['--models-dir', 'm', '--cache-dir=/c', '--recordings-dir', '/r']);
    expect(a.folders).toEqual({ modelsDir: resolve('m'), cacheDir: '/c', recordingsDir: '/r' });
    expect(parseServeArgs([]).folders).toEqual({});
  });

  it('refuses bad ports and unknown flags with a clear message', () => {
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(new UsageError('--port must be a whole number in [0, 65535] (got abc)'));
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/65535/);
    expect(() => parseServeArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseServeArgs(['--verbose'])).toThrow('unknown option --verbose');
  });
});

describe('serve.js process', () => {
  it('prints exactly one Listening line and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [bundle, '--port', '0', '--state-file', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 20_000 }).toContain('\n');
    expect(out).toMatch(/^Listening on http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+\n$/);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('fails with one clear line for a missing --open-corpus folder', async () => {
    const child = spawn(process.execPath, [bundle, '--port', '0', '--state-file', 'none', '--open-corpus', join('/nonexistent', 'corpus')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err.trim()).toBe('serve: /nonexistent/corpus does not exist');
  });
});
