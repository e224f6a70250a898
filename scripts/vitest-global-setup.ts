// Worker-pool tests run the bundled workers, so the main bundle is built once before the tests
// (and the renderer, when it was never built: the bundle checks read it). A failed build fails
// the whole run: tests would otherwise run against a stale or missing bundle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(what: string, args: string[]): void {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`vitest: ${what} failed (exit ${r.status ?? r.signal}); fix the build first`);
}

export default function setup(): void {
  run('the main-process build (scripts/build-main.mjs)', ['scripts/build-main.mjs']);
  if (!existsSync('dist-renderer/index.html')) run('the renderer build (vite build)', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
}
