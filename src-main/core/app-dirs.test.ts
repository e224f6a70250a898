import { afterEach, describe, expect, it } from 'vitest';
import { APP_NAME, APP_VERSION, defaultCacheDir, defaultModelsDir, defaultStateFile } from './app-dirs';

const VARS = ['SER_MODELS_DIR', 'SER_CACHE_DIR', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_CONFIG_HOME'] as const;
const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));

afterEach(() => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('app folders', () => {
  it('models: SER_MODELS_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    process.env.SER_MODELS_DIR = '/srv/models';
    expect(defaultModelsDir()).toBe('/srv/models');
    delete process.env.SER_MODELS_DIR;
    process.env.XDG_DATA_HOME = '/data';
    expect(defaultModelsDir()).toBe('/data/ser-desktop/models');
    process.env.XDG_DATA_HOME = 'relative/ignored';
    expect(defaultModelsDir()).toMatch(/\/\.local\/share\/ser-desktop\/models$/);
  });

  it('feature cache: SER_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
    process.env.SER_CACHE_DIR = '/tmp/c';
    expect(defaultCacheDir()).toBe('/tmp/c');
    delete process.env.SER_CACHE_DIR;
    process.env.XDG_CACHE_HOME = '/var/cache';
    expect(defaultCacheDir()).toBe('/var/cache/ser-desktop/features');
    delete process.env.XDG_CACHE_HOME;
    expect(defaultCacheDir()).toMatch(/\/\.cache\/ser-desktop\/features$/);
  });

  it('state file: XDG_CONFIG_HOME, then ~/.config', () => {
    process.env.XDG_CONFIG_HOME = '/etc/x';
    expect(defaultStateFile()).toBe('/etc/x/ser-desktop/state.json');
    delete process.env.XDG_CONFIG_HOME;
    expect(defaultStateFile()).toMatch(/\/\.config\/ser-desktop\/state\.json$/);
  });

  it('name and version come from package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { productName: string; version: string };
    expect([APP_NAME, APP_VERSION]).toEqual([pkg.productName, pkg.version]);
  });
});
