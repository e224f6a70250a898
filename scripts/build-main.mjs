// Bundles src-main into dist-main with esbuild: the CLI, the browser host, the workers and the
// Electron shell. npm packages stay external (tfjs loads its wasm binaries from node_modules).
// Each entry point is built on its own so that one broken entry names itself and the rest still build.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';

// --clean starts from an empty dist-main (the test setup builds without it: other test runs may be using the bundle).
if (process.argv.includes('--clean')) rmSync('dist-main', { recursive: true, force: true });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, packages: 'external', logLevel: 'error' };
const esm = {
  ...common,
  format: 'esm',
  outdir: 'dist-main',
  outbase: 'src-main',
  // Split at dynamic imports, so `ser scan` never loads the feature or model code.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};
const workers = readdirSync('src-main/core/jobs')
  .filter((f) => f.endsWith('-worker.ts'))
  .map((f) => `src-main/core/jobs/${f}`);
const entries = ['src-main/cli/main.ts', 'src-main/host/serve.ts', 'src-main/electron/main.ts', ...workers];

const builds = entries.filter((e) => existsSync(e)).map((entry) => ({ entry, options: { ...esm, entryPoints: [entry] } }));
// A sandboxed preload cannot be an ES module.
if (existsSync('src-main/electron/preload.ts')) {
  builds.push({
    entry: 'src-main/electron/preload.ts',
    options: { ...common, format: 'cjs', entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist-main/electron/preload.cjs', external: ['electron'] },
  });
}
const missing = entries.filter((e) => !existsSync(e));
if (missing.length) console.warn(`build-main: not built (no source yet): ${missing.join(', ')}`);

const failed = [];
await Promise.all(builds.map(({ entry, options }) => build(options).catch(() => failed.push(entry))));
if (failed.length) {
  console.error(`build-main: failed: ${failed.join(', ')}`);
  process.exit(1);
}
