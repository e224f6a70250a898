/** Finds files with identical content, hashing whole only those that already collide on size and a sample. */
import { hashFile, mapLimited } from './probe';

export interface Hashable {
  path: string;
  relPath: string;
  size: number;
  sampleHash: string;
}

const HASH_CONCURRENCY = 16;

/**
 * Splits files into the ones to keep and the duplicates of a kept one. Of identical files the one
 * nearest the scanned folder (then first by path) is kept, so a nested second copy of a corpus is the duplicate.
 */
export async function findDuplicates<T extends Hashable>(
  files: T[],
  signal?: AbortSignal,
): Promise<{ kept: T[]; duplicates: { path: string; sameAs: string }[] }> {
  const suspects = [...groupBy(files, (f) => `${f.size}:${f.sampleHash}`).values()].filter((g) => g.length > 1).flat();
  const hashes = await mapLimited(
    suspects,
    HASH_CONCURRENCY,
    () => undefined,
    (f) => hashFile(f.path, f.size),
    signal,
  );
  const fullHash = new Map(suspects.map((f, i) => [f, hashes[i]]));
  const dropped = new Set<T>();
  const duplicates: { path: string; sameAs: string }[] = [];
  for (const same of groupBy(suspects, (f) => `${f.size}:${fullHash.get(f)}`).values()) {
    if (same.length < 2) continue;
    same.sort(preferShallow);
    for (const dup of same.slice(1)) {
      dropped.add(dup);
      duplicates.push({ path: dup.path, sameAs: same[0].path });
    }
  }
  duplicates.sort((a, b) => compareStrings(a.path, b.path));
  return { kept: files.filter((f) => !dropped.has(f)), duplicates };
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function preferShallow(a: Hashable, b: Hashable): number {
  return a.relPath.split('/').length - b.relPath.split('/').length || compareStrings(a.relPath, b.relPath);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
