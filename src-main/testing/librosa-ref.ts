// Test support: locating and reading the librosa reference vectors in ../shared/ref/librosa.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SHARED_DIR = resolve(projectRoot, '../shared');
export const REF_DIR = join(SHARED_DIR, 'ref/librosa');
export const TESS_DIR = join(SHARED_DIR, 'data/tess');
export const HAVE_REFS = existsSync(join(REF_DIR, 'README.md'));
export const HAVE_TESS = HAVE_REFS && existsSync(TESS_DIR);

export interface RefMatrix {
  shape: number[];
  data: number[];
}

export function readF32(name: string): Float32Array {
  const buf = readFileSync(join(REF_DIR, name));
  // Copy into an aligned buffer: the file's Buffer may sit at an unaligned offset of the pool.
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(REF_DIR, name), 'utf8')) as T;
}

/** Max |a-b| and whether every element satisfies |a-b| <= abs + rel*|b| (b = reference). */
export function compare(a: ArrayLike<number>, b: ArrayLike<number>, abs: number, rel = 0): { maxAbs: number; worstExcess: number; ok: boolean } {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let maxAbs = 0;
  let worstExcess = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= maxAbs)) maxAbs = d; // NaN propagates as a failure below
    const excess = d - (abs + rel * Math.abs(b[i]));
    if (!(excess <= worstExcess)) worstExcess = Number.isNaN(excess) ? Infinity : excess;
  }
  return { maxAbs, worstExcess, ok: worstExcess <= 0 };
}
