/** Test helper: where the read-only shared references live (../shared from the project root). */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const SHARED = resolve(projectRoot, '../shared');
export const LIBROSA_REF = join(SHARED, 'ref/librosa');
export const TESS = join(SHARED, 'data/tess');
export const TESS_CLIPS = join(TESS, 'TESS Toronto emotional speech set data');

export const hasLibrosaRef = existsSync(join(LIBROSA_REF, 'seed_signal_OAF_back_fear.f32'));
export const hasTess = existsSync(TESS_CLIPS);

/** Reads a raw little-endian float32 reference file. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  const out = new Float32Array(b.length / 4);
  const dv = new DataView(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(4 * i, true);
  return out;
}

export function skipNote(what: string, present: boolean): void {
  if (!present) console.warn(`[audio tests] skipping ${what}: ${SHARED} is absent`);
}
