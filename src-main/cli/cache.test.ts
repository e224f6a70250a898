import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheEntryPath, writeCacheEntry } from '../core/features/cache';
import { runInProcess } from '../testing/run-in-process';
import { command } from './cache';

const dir = mkdtempSync(join(tmpdir(), 'ser-cli-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ser cache', () => {
  it('shows the cache folder and its size, and --clear empties it', async () => {
    const cache = join(dir, 'features');
    for (let i = 0; i < 2; i++)
      await writeCacheEntry(cacheEntryPath(cache, 'seed-x', { path: `/a${i}.wav`, size: 1, mtimeMs: 1 }), { shape: [40], data: new Float32Array(40) });
    const shown = await runInProcess(command, ['--cache-dir', cache]);
    expect(shown.stdout).toBe(`${cache}: 2 cache entries, 344 B (ser cache --clear empties it)\n`);
    expect((await runInProcess(command, ['--cache-dir', cache, '--clear'])).stdout).toBe(`${cache}: removed 2 cache entries (344 B)\n`);
    expect(JSON.parse((await runInProcess(command, ['--cache-dir', cache, '--json'])).stdout)).toEqual({ dir: cache, files: 0, bytes: 0 });
  });
});

describe('ser --models-dir', () => {
  it('chooses the models folder for any command, as $SER_MODELS_DIR does', () => {
    const cli = resolve('dist-main/cli/main.js');
    const models = join(dir, 'my models');
    const r = spawnSync(process.execPath, [cli, 'models', '--models-dir', models], {
      encoding: 'utf8',
      env: { ...process.env, SER_MODELS_DIR: '/nonexistent/elsewhere' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(models);
    expect(r.stdout).not.toContain('/nonexistent/elsewhere');
  });
});
