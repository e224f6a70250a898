// Worker-pool tests run the bundled workers, so the main bundle is built once before the tests.
// A failed build is reported but does not stop the tests that need no worker.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const r = spawnSync(process.execPath, ['scripts/build-main.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) console.warn('vitest: `npm run build:main` failed; tests that run worker threads will fail.');
}
