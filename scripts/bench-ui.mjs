#!/usr/bin/env node
// UI responsiveness while training: the Train view on the TESS half, a `seed` run started from its form.
// Once training runs (epoch 2), for MEASURE_SECONDS the page records Chromium's long animation frames
// (frames over 50 ms, with the script time in them) and the gaps between requestAnimationFrame callbacks,
// while batch progress and epoch curves stream in. Target: no frame longer than 50 ms.
// The page.evaluate callbacks below run in the page, where these exist.
/* global document, requestAnimationFrame */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTess, launchChromium, startHost, stopHost, tessDir } from './bench-lib.mjs';

const MEASURE_SECONDS = 20;
const EXPECTED_CLIPS = 1427;

if (!hasTess) {
  console.log(`ui: skipped, ${tessDir} is absent (the benchmark trains on the shared TESS half)`);
  process.exit(0);
}

const home = mkdtempSync(join(tmpdir(), 'ser-bench-ui-'));
const { child, url } = await startHost(home, ['--open-corpus', tessDir]);
const browser = await launchChromium();
try {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(url);
  await page
    .getByTestId('clip-count')
    .and(page.locator(`[data-value="${EXPECTED_CLIPS}"]`))
    .waitFor({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Train', exact: true }).click();
  await page.getByRole('region', { name: 'Split preview' }).and(page.locator('[data-state="ready"]')).waitFor({ timeout: 60_000 });
  await page.getByRole('form', { name: 'Training settings' }).getByRole('button', { name: 'Start training' }).click();
  await page
    .getByTestId('progress-line')
    .filter({ hasText: /Epoch [2-9]\d*\// })
    .waitFor({ timeout: 300_000 });

  const supported = await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'));
  const r = await page.evaluate(async (seconds) => {
    const long = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push({ duration: e.duration, script: e.scripts?.reduce((n, s) => n + s.duration, 0) ?? 0 });
    });
    try {
      observer.observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      observer.observe({ type: 'longtask', buffered: false });
    }
    const gaps = [];
    let last = performance.now();
    let running = true;
    const tick = (t) => {
      gaps.push(t - last);
      last = t;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const epochsBefore = Number(document.querySelector('[data-testid="epoch-counter"]')?.getAttribute('data-value') ?? 0);
    await new Promise((res) => setTimeout(res, seconds * 1000));
    running = false;
    observer.disconnect();
    const epochsAfter = Number(document.querySelector('[data-testid="epoch-counter"]')?.getAttribute('data-value') ?? 0);
    return { long, gaps, epochs: epochsAfter - epochsBefore };
  }, MEASURE_SECONDS);

  const gaps = r.gaps.slice(1).sort((a, b) => a - b);
  const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))] ?? 0;
  const worst = r.long.reduce((m, e) => Math.max(m, e.duration), 0);
  console.log(
    `ui: Train view while training seed on TESS (${MEASURE_SECONDS} s, ${r.epochs} epoch(s) drawn, ${gaps.length} frames): ` +
      `${r.long.length} frame(s) over 50 ms (${supported ? 'long-animation-frame' : 'longtask'}), longest ${worst.toFixed(0)} ms` +
      (r.long.length ? ` (script ${Math.max(...r.long.map((e) => e.script)).toFixed(0)} ms)` : '') +
      `; frame gap median ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${(gaps.at(-1) ?? 0).toFixed(1)} ms — target: no frame over 50 ms: ${r.long.length === 0 ? 'met' : 'missed'}`,
  );
  await page.getByRole('button', { name: 'Cancel training' }).click();
} finally {
  await browser.close();
  await stopHost(child);
  rmSync(home, { recursive: true, force: true });
}
