#!/usr/bin/env node
// Startup figure: from spawning `node dist-main/host/serve.js --open-corpus <tess>` to the corpus view
// showing all 1427 TESS clips in Chromium (already running, as a user's browser would be). Median of 3.
// Also prints the renderer bundle size (dist-renderer total bytes, and gzip of its JavaScript).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launchChromium, startHost, stopHost } from './bench-lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tess = resolve(root, '..', 'shared', 'data', 'tess');
const EXPECTED_CLIPS = 1427;
const RUNS = 3;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function bundleSize() {
  const dir = join(root, 'dist-renderer');
  const all = files(dir);
  const shipped = all.filter((f) => !f.endsWith('.map'));
  const js = shipped.filter((f) => f.endsWith('.js'));
  const sum = (list) => list.reduce((n, f) => n + statSync(f).size, 0);
  const gz = js.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { total: sum(shipped), withMaps: sum(all), js: sum(js), jsGzip: gz, jsFiles: js.length };
}

async function once(browser) {
  const home = mkdtempSync(join(tmpdir(), 'ser-bench-startup-'));
  const { child, url, t0, listening } = await startHost(home, ['--open-corpus', tess]);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    const loaded = (performance.now() - t0) / 1000;
    await page
      .getByTestId('clip-count')
      .and(page.locator(`[data-value="${EXPECTED_CLIPS}"]`))
      .waitFor({ timeout: 60_000 });
    await page.getByRole('grid', { name: 'Clips' }).getByRole('row').nth(1).waitFor();
    return { listening, loaded, shown: (performance.now() - t0) / 1000 };
  } finally {
    await context.close();
    await stopHost(child);
    rmSync(home, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (!existsSync(join(root, 'dist-main/host/serve.js')) || !existsSync(join(root, 'dist-renderer/index.html'))) {
  console.error('bench-startup: build first (`npm run build`)');
  process.exit(1);
}
const size = bundleSize();
console.log(
  `renderer bundle: ${kib(size.total)} in dist-renderer without source maps (${kib(size.withMaps)} with); ` +
    `JavaScript ${kib(size.js)} in ${size.jsFiles} file(s), ${kib(size.jsGzip)} gzipped`,
);
if (!existsSync(tess)) {
  console.log(`startup: skipped — TESS is not at ${tess}`);
  process.exit(0);
}
const browser = await launchChromium();
const runs = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const r = await once(browser);
    runs.push(r);
    console.log(
      `  run ${i + 1}: listening ${r.listening.toFixed(2)} s, page loaded ${r.loaded.toFixed(2)} s, ${EXPECTED_CLIPS} clips shown ${r.shown.toFixed(2)} s`,
    );
  }
} finally {
  await browser.close();
}
const m = median(runs.map((r) => r.shown));
console.log(
  `startup to corpus view with ${EXPECTED_CLIPS} TESS clips: ${m.toFixed(2)} s (median of ${RUNS}; target ≤ 2 s; ` +
    `host listening after ${median(runs.map((r) => r.listening)).toFixed(2)} s)`,
);
