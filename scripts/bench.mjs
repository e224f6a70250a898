// `npm run bench [-- names…]`: runs each benchmark script in its own process and prints its figures.
// Names: features, predict, startup, ui, live, train, speakers, teach, hostile, fuzz, formats (default: all that exist); e.g. `npm run bench -- hostile` runs only that one,
// and `npm run bench -- live --minutes 0` passes the options after the names to each.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const all = ['features', 'predict', 'startup', 'ui', 'live', 'train', 'speakers', 'teach', 'hostile', 'fuzz', 'formats'];
// Names pick benchmarks; options (and their values) after them go to each one, e.g. `-- live --minutes 0`.
const firstOption = process.argv.findIndex((a, i) => i >= 2 && a.startsWith('--'));
const names = process.argv.slice(2, firstOption < 0 ? undefined : firstOption);
const options = firstOption < 0 ? [] : process.argv.slice(firstOption);
const chosen = names.length ? names : all;
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
  const r = spawnSync(process.execPath, [script, ...options], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.log(`${name}: benchmark failed (exit ${r.status})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
