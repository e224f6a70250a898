/** Locates the bundled worker scripts, both from the esbuild bundle and from source under Vitest. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../app-dirs';

/** URL of `dist-main/core/jobs/<name>-worker.js`; throws a clear error when the bundle is missing. */
export function workerUrl(name: string): URL {
  const file = join(projectRoot(), 'dist-main', 'core', 'jobs', `${name}-worker.js`);
  if (!existsSync(file)) throw new Error(`worker bundle ${file} is missing: run \`npm run build:main\``);
  return pathToFileURL(file);
}
