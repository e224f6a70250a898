/**
 * The feature cache's size, and emptying it. Only the cache's own entries are touched (files named
 * `<sha1>.f32`, or their temp files, two folders down: <spec>/<xx>/), so a cache folder set to a wrong
 * place (the home folder, say) loses nothing else.
 */
import { readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface CacheUsage {
  files: number;
  bytes: number;
}

const ENTRY = /^[0-9a-f]{40}\.f32(\.\d+\.[0-9a-f]{8}\.tmp)?$/;

async function entries(dir: string): Promise<string[]> {
  const out: string[] = [];
  const specs = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const spec of specs.filter((d) => d.isDirectory())) {
    const buckets = await readdir(join(dir, spec.name), { withFileTypes: true }).catch(() => []);
    for (const bucket of buckets.filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name))) {
      const files = await readdir(join(dir, spec.name, bucket.name), { withFileTypes: true }).catch(() => []);
      for (const f of files) if (f.isFile() && ENTRY.test(f.name)) out.push(join(dir, spec.name, bucket.name, f.name));
    }
  }
  return out;
}

/** How many cache entries there are and their total size; a missing folder is an empty cache. */
export async function cacheUsage(dir: string): Promise<CacheUsage> {
  const usage = { files: 0, bytes: 0 };
  for (const file of await entries(dir)) {
    const st = await stat(file).catch(() => undefined);
    if (!st) continue; // removed meanwhile
    usage.files++;
    usage.bytes += st.size;
  }
  return usage;
}

/** Removes every cache entry (and the folders that become empty); returns what was freed. */
export async function clearCache(dir: string): Promise<CacheUsage> {
  const freed = { files: 0, bytes: 0 };
  for (const file of await entries(dir)) {
    const st = await stat(file).catch(() => undefined);
    if (
      !st ||
      !(await unlink(file).then(
        () => true,
        () => false,
      ))
    )
      continue;
    freed.files++;
    freed.bytes += st.size;
  }
  // Empty spec and bucket folders go too (rmdir refuses a folder that still holds anything).
  const specs = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const spec of specs.filter((d) => d.isDirectory())) {
    const buckets = await readdir(join(dir, spec.name)).catch(() => []);
    for (const b of buckets.filter((n) => /^[0-9a-f]{2}$/.test(n))) await rmdir(join(dir, spec.name, b)).catch(() => undefined);
    await rmdir(join(dir, spec.name)).catch(() => undefined);
  }
  return freed;
}
