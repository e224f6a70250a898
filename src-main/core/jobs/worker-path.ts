/** Locates the bundled worker scripts, both from the esbuild bundle and from source under Vitest. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (package.json) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** URL of `dist-main/core/jobs/<name>-worker.js`; throws a clear error when the bundle is missing. */
export function workerUrl(name: string): URL {
  const file = join(projectRoot(), 'dist-main', 'core', 'jobs', `${name}-worker.js`);
  if (!existsSync(file)) throw new Error(`worker bundle ${file} is missing: run \`npm run build:main\``);
  return pathToFileURL(file);
}
