/**
 * Feature extraction for many clips: cache look-ups on this thread (cheap reads), the misses
 * decoded and computed in a pool of worker threads, one per core.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { featureSpecKey, type FeatureSpec } from '../features';
import { defaultCacheDir } from '../app-dirs';
import { cacheEntryPath, readCacheEntry, removeStaleTempFiles } from '../features/cache';
import type { AudioAugmentation } from '../model/augment';
import type { ExtractReply, ExtractTask } from './extract-protocol';
import { workerUrl } from './worker-path';

export interface ExtractItem {
  path: string;
  size?: number;
  mtimeMs?: number;
  /** Features of this augmented copy of the clip: computed outside the cache (never read from or written to it as the clip's). */
  augment?: AudioAugmentation;
}

export type ExtractResult = { path: string; ok: true; shape: number[]; data: Float32Array; cached: boolean } | { path: string; ok: false; reason: string };

export interface ExtractOptions {
  /** Feature cache folder; `false` turns caching off. Default: defaultCacheDir(). */
  cacheDir?: string | false;
  /** Worker threads; default one per core. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class ExtractionCancelledError extends Error {
  constructor() {
    super('feature extraction was cancelled');
    this.name = 'ExtractionCancelledError';
  }
}

/** Results in the order of `items`; a clip that cannot be read is a result with `ok: false`, never a throw. */
export async function extractAll(items: ExtractItem[], spec: FeatureSpec, opts: ExtractOptions = {}): Promise<ExtractResult[]> {
  const { signal, onProgress } = opts;
  const cacheDir = opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir;
  const specKey = featureSpecKey(spec);
  if (cacheDir !== false) await removeStaleTempFiles(cacheDir);
  const results: (ExtractResult | undefined)[] = new Array(items.length);
  let done = 0;
  const settle = (i: number, r: ExtractResult) => {
    results[i] = r;
    onProgress?.(++done, items.length);
  };
  const cacheFiles: (string | undefined)[] = new Array(items.length);

  // Cache pass: stat (when the caller did not) and read, a bounded number at a time.
  const misses: number[] = [];
  await forEachLimited(items.length, 32, async (i) => {
    if (signal?.aborted) return;
    const item = items[i];
    if (cacheDir === false || item.augment) return void misses.push(i);
    let size = item.size;
    let mtimeMs = item.mtimeMs;
    if (size === undefined || mtimeMs === undefined) {
      try {
        const st = await stat(item.path);
        size = st.size;
        mtimeMs = st.mtimeMs;
      } catch (err) {
        return settle(i, { path: item.path, ok: false, reason: describeFsError(err) });
      }
    }
    const file = cacheEntryPath(cacheDir, specKey, { path: item.path, size, mtimeMs });
    const hit = await readCacheEntry(file);
    if (hit) return settle(i, { path: item.path, ok: true, shape: hit.shape, data: hit.data, cached: true });
    cacheFiles[i] = file;
    misses.push(i);
  });
  if (signal?.aborted) throw new ExtractionCancelledError();
  misses.sort((a, b) => a - b);

  if (misses.length > 0) {
    const tasks = misses.map((i): ExtractTask => ({ id: i, path: items[i].path, spec, cacheFile: cacheFiles[i], augment: items[i].augment }));
    await runPool(tasks, Math.min(opts.workers ?? availableParallelism(), tasks.length), signal, (reply) => {
      const path = items[reply.id].path;
      settle(reply.id, reply.ok ? { path, ok: true, shape: reply.shape, data: reply.data, cached: false } : { path, ok: false, reason: reply.reason });
    });
  }
  return results as ExtractResult[];
}

const TASKS_PER_WORKER = 2;

function runPool(tasks: ExtractTask[], size: number, signal: AbortSignal | undefined, onReply: (r: ExtractReply) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = workerUrl('extract');
    const workers = new Set<Worker>();
    let next = 0;
    let pending = tasks.length;
    let finished = false;

    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(new ExtractionCancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });

    // Each worker holds a second task in its queue, so it never waits for this thread between clips
    // (a round trip per clip left a worker idle for 8 % of the seed features of TESS).
    const spawn = (retry: ExtractTask[] = []) => {
      const w = new Worker(url);
      const inFlight: ExtractTask[] = [];
      const send = (task: ExtractTask) => {
        inFlight.push(task);
        w.postMessage(task);
      };
      for (const task of retry) send(task);
      while (inFlight.length < TASKS_PER_WORKER && next < tasks.length) send(tasks[next++]);
      workers.add(w);
      w.on('message', (reply: ExtractReply) => {
        const at = inFlight.findIndex((t) => t.id === reply.id);
        if (at >= 0) inFlight.splice(at, 1);
        onReply(reply);
        if (--pending === 0) return finish();
        if (next < tasks.length) send(tasks[next++]);
      });
      // A worker that dies takes only the clip it was on (its oldest) with it; a fresh worker carries on with the rest.
      w.on('error', (err) => {
        workers.delete(w);
        if (finished) return;
        const [lost, ...queued] = inFlight;
        if (lost) {
          onReply({ id: lost.id, ok: false, reason: `extraction worker failed: ${err.message}` });
          if (--pending === 0) return finish();
        }
        if (queued.length > 0 || next < tasks.length) spawn(queued);
      });
    };
    if (signal?.aborted) return onAbort();
    for (let i = 0; i < size; i++) spawn();
  });
}

async function forEachLimited(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
