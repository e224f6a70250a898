/**
 * What ships: the production bundles (dist-main, dist-renderer) must hold no test support, tests
 * or e2e code. Read from the bundles' source maps, which list every source file esbuild and Vite
 * put in. The test setup builds dist-main (and dist-renderer when it is missing).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceMaps(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js.map'))
    .map((f) => join(dir, f));
}

function bundledSources(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const map of sourceMaps(dir)) out.set(map, (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources);
  return out;
}

/** Test support, tests and end-to-end code: never product. */
const NOT_PRODUCT = [/src-main\/testing\//, /\.test\.ts$/, /\.spec\.ts$/, /(^|\/)e2e\//, /(^|\/)vitest(\/|$)/, /@playwright/];

describe.each(['dist-main', 'dist-renderer'])('%s', (dist) => {
  const maps = bundledSources(resolve(dist));

  it('has source maps to read (the bundle was built)', () => {
    expect(maps.size).toBeGreaterThan(0);
    expect([...maps.values()].flat().some((s) => /src-(main|renderer)\//.test(s))).toBe(true);
  });

  it('holds no test support, tests or e2e code', () => {
    const leaks = [...maps].flatMap(([map, sources]) => sources.filter((s) => NOT_PRODUCT.some((p) => p.test(s))).map((s) => `${map}: ${s}`));
    expect(leaks).toEqual([]);
  });
});
