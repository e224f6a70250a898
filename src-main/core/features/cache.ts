/**
 * On-disk feature cache: one small file per (clip identity, feature spec).
 *
 * Entries are written to a unique temp name and renamed into place, so two writers never
 * interleave and a reader sees a whole entry or none; a truncated or foreign file (a crash
 * before rename cannot leave one, but a disk can) fails the header check and counts as a miss.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { processAlive, writerPid } from '../stale-files';

const MAGIC = 0x31434653; // "SFC1" little-endian
const HEADER_INTS = 2; // magic, rank; then `rank` dims, then float32 data

/** What identifies a clip's content cheaply: its path, size and modification time. */
export interface ClipIdentity {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface CachedFeature {
  shape: number[];
  data: Float32Array;
}

/** The entry's file: <dir>/<specKey>/<first 2 hex>/<sha1 of identity>.f32 */
export function cacheEntryPath(dir: string, specKey: string, clip: ClipIdentity): string {
  const id = createHash('sha1')
    .update(`${clip.path}\0${clip.size}\0${Math.round(clip.mtimeMs)}`)
    .digest('hex');
  return join(dir, safeSegment(specKey), id.slice(0, 2), `${id}.f32`);
}

function safeSegment(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function encodeEntry(feature: CachedFeature): Uint8Array {
  const headerBytes = 4 * (HEADER_INTS + feature.shape.length);
  const bytes = new Uint8Array(headerBytes + feature.data.byteLength);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, feature.shape.length, true);
  feature.shape.forEach((d, i) => view.setUint32(8 + 4 * i, d, true));
  bytes.set(new Uint8Array(feature.data.buffer, feature.data.byteOffset, feature.data.byteLength), headerBytes);
  return bytes;
}

/** Parses an entry; undefined when it is not a whole, well-formed entry. */
export function decodeEntry(bytes: Uint8Array): CachedFeature | undefined {
  if (bytes.byteLength < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) return undefined;
  const rank = view.getUint32(4, true);
  if (rank < 1 || rank > 4) return undefined;
  const headerBytes = 4 * (HEADER_INTS + rank);
  if (bytes.byteLength < headerBytes) return undefined;
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(8 + 4 * i, true);
    shape.push(d);
    count *= d;
  }
  if (bytes.byteLength !== headerBytes + 4 * count) return undefined;
  // Copy into a fresh, aligned buffer: the file buffer's offset need not be a multiple of 4.
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(headerBytes));
  if (!allFinite(data)) return undefined; // never hand out NaN features, whoever wrote them
  return { shape, data };
}

export async function readCacheEntry(file: string): Promise<CachedFeature | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return undefined;
  }
  return decodeEntry(bytes);
}

function allFinite(data: Float32Array): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return false;
  return true;
}

/** Writes atomically; a failure to cache is not a failure to extract, so errors are swallowed. Non-finite features are never written. */
export async function writeCacheEntry(file: string, feature: CachedFeature): Promise<boolean> {
  if (!allFinite(feature.data)) return false;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(tmp, encodeEntry(feature));
    await rename(tmp, file);
    return true;
  } catch {
    await unlink(tmp).catch(() => undefined);
    return false;
  }
}

const swept = new Set<string>();

/**
 * Removes `*.tmp` files that writers which died before their rename left behind (once per cache
 * folder per process); a temp file whose writer still runs is kept. Returns how many were removed.
 */
export async function removeStaleTempFiles(dir: string, alive: (pid: number) => boolean = processAlive): Promise<number> {
  if (swept.has(dir)) return 0;
  swept.add(dir);
  let removed = 0;
  const list = (d: string) => readdir(d, { withFileTypes: true }).catch(() => []);
  for (const spec of await list(dir)) {
    if (!spec.isDirectory()) continue;
    for (const shard of await list(join(dir, spec.name))) {
      if (!shard.isDirectory()) continue;
      const shardDir = join(dir, spec.name, shard.name);
      for (const f of await list(shardDir)) {
        const pid = f.name.endsWith('.tmp') ? writerPid(f.name) : undefined;
        if (pid === undefined || alive(pid)) continue;
        if (
          await unlink(join(shardDir, f.name)).then(
            () => true,
            () => false,
          )
        )
          removed++;
      }
    }
  }
  return removed;
}
