/**
 * For `npm run bench -- features`: the app's seed feature over the given clips in this one thread,
 * decoding included, timed after a warm-up on the first 20, the way scripts/py/seed_features.py
 * times the Python side (its loop, not its start-up).
 */
import { decodeClipFor } from '../core/features/decode-clip';
import { extractFeatures } from '../core/features/extract';
import { SEED_SPEC } from '../core/features/spec';

export async function timeSeedFeatures(paths: string[]): Promise<{ clips: number; seconds: number }> {
  // As the extract worker reads and computes a clip.
  const one = async (path: string) => extractFeatures(await decodeClipFor(path, SEED_SPEC, 'blocking'), SEED_SPEC);
  for (const p of paths.slice(0, 20)) await one(p);
  const started = performance.now();
  for (const p of paths) await one(p);
  return { clips: paths.length, seconds: (performance.now() - started) / 1000 };
}
