import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, createLogger, type Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { noWorkerThreadsInRenderer } from './vite-renderer-plugins';

const entryDir = mkdtempSync(join(tmpdir(), 'ser-vite-'));
afterAll(() => rmSync(entryDir, { recursive: true, force: true }));

/** Builds an entry that imports what the Waveform component imports; returns every warning Vite logged. */
async function warningsOfBuild(plugins: Plugin[]): Promise<string[]> {
  const entry = join(entryDir, 'entry.js');
  const spectrogram = resolve('node_modules/wavesurfer.js/dist/plugins/spectrogram.esm.js');
  writeFileSync(entry, `import Spectrogram from ${JSON.stringify(spectrogram)};\nconsole.log(Spectrogram);\n`);
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (msg) => void warnings.push(msg);
  logger.warnOnce = (msg) => void warnings.push(msg);
  // Vite stays quiet about externalised modules when NODE_ENV is 'test' (vitest's): build as `npm run build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  await build({
    configFile: false,
    root: entryDir,
    logLevel: 'warn',
    customLogger: logger,
    plugins,
    build: { write: false, rollupOptions: { input: entry } },
  }).finally(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  });
  return warnings.filter((w) => !w.includes('PLUGIN_TIMINGS'));
}

describe('the renderer build', () => {
  it('bundles wavesurfer’s spectrogram plugin without externalising a Node built-in (no warning)', async () => {
    expect(await warningsOfBuild([noWorkerThreadsInRenderer()])).toEqual([]);
  });

  it('would warn without the plugin (the check can fail)', async () => {
    expect((await warningsOfBuild([])).join('\n')).toMatch(/"worker_threads" has been externalized for browser compatibility/);
  });
});
