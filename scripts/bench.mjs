// `npm run bench [-- names…]`: runs each benchmark script in its own process and prints its figures.
// Names: features, predict, startup, ui, live, train, hostile, fuzz (default: all that exist); e.g. `npm run bench -- hostile` runs only that one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const all = ['features', 'predict', 'startup', 'ui', 'live', 'train', 'hostile', 'fuzz'];
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : all;
console.log(
  `bench: ${new Date().toISOString()}, ${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, node ${process.version}`,
);
let failed = 0;
for (const name of chosen) {
  const script = fileURLToPath(new URL(`./bench-${name}.mjs`, import.meta.url));
  if (!existsSync(script)) {
    console.log(`${name}: no benchmark script (scripts/bench-${name}.mjs)`);
    continue;
  }
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${name}: benchmark failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
