/** Reads audio headers only (the first 64 KiB of each file), a bounded number of files at a time. */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { AudioDecodeError, HEAD_BYTES, notRegularFile, readAudioInfo, TAIL_BYTES, wantsTail, type AudioInfo } from '../audio';
import { errorCode } from './walk';

export { HEAD_BYTES };
// A header that is not within the first 64 KiB (a huge chunk before 'fmt ' or AIFF's COMM at the end)
// makes us read the whole file; beyond this size that is not worth it for a scan.
const MAX_WHOLE_FILE_READ = 256 * 1024 * 1024;

// The cheap content key for duplicate detection: a hash of the head's last 8 KiB (past the header and
// any leading silence), so that only files equal in size and in this sample are hashed whole.
const SAMPLE_BYTES = 8 * 1024;

export type ProbeResult = { ok: true; info: AudioInfo; size: number; mtimeMs: number; sampleHash: string } | { ok: false; reason: string };

/**
 * Reads one file's header. `scratch` (HEAD_BYTES long) is reused between calls to spare an
 * allocation per file; nothing keeps a reference to it after this returns.
 */
export async function probeAudio(path: string, scratch: Uint8Array = new Uint8Array(HEAD_BYTES)): Promise<ProbeResult> {
  let handle;
  try {
    // Non-blocking: opening a named pipe for reading would otherwise wait for a writer forever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: `cannot open: ${errorCode(err)}` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: notRegularFile(st) };
    if (st.size === 0) return { ok: false, reason: 'empty file (0 bytes)' };
    const head = await readAt(handle, scratch.subarray(0, Math.min(HEAD_BYTES, st.size)));
    let info: AudioInfo;
    try {
      // An Ogg stream's length is in its last page.
      const tail = wantsTail(head, st.size) ? await readTail(handle, st.size) : undefined;
      info = readAudioInfo(head, st.size, path, tail);
    } catch (err) {
      if (!(err instanceof AudioDecodeError && err.code === 'incomplete-head')) throw err;
      if (st.size > MAX_WHOLE_FILE_READ) return { ok: false, reason: `${err.reason}; file too large to read whole for a scan` };
      info = await oneAtATime(async () => readAudioInfo(await readAt(handle, new Uint8Array(st.size)), st.size, path));
    }
    if (info.frames === 0) return { ok: false, reason: 'no audio frames' };
    const sampleHash = createHash('sha1')
      .update(head.subarray(Math.max(0, head.length - SAMPLE_BYTES)))
      .digest('hex');
    return { ok: true, info, size: st.size, mtimeMs: st.mtimeMs, sampleHash };
  } catch (err) {
    if (err instanceof AudioDecodeError) return { ok: false, reason: err.reason };
    return { ok: false, reason: `cannot read: ${errorCode(err)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

// Whole-file reads are rare; one at a time keeps the lanes from each holding a large file at once.
let wholeFileGate: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = wholeFileGate.then(task);
  wholeFileGate = run.catch(() => undefined);
  return run;
}

/** Fills `buf` from the start of the file; a shorter view when the file shrank under us. */
async function readAt(handle: Awaited<ReturnType<typeof open>>, buf: Uint8Array): Promise<Uint8Array> {
  const length = buf.length;
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, filled);
    if (bytesRead === 0) break; // the decoder then reports it as truncated
    filled += bytesRead;
  }
  return filled === length ? buf : buf.subarray(0, filled);
}

async function readTail(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<{ bytes: Uint8Array; offset: number }> {
  const offset = Math.max(0, size - TAIL_BYTES);
  const length = size - offset;
  const buf = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buf, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return { bytes: buf.subarray(0, filled), offset };
}

/** sha1 of a whole file, read in 1 MiB chunks (used only for files that already collide on size and sample). */
export async function hashFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha1');
  const handle = await open(path, 'r');
  try {
    const chunk = new Uint8Array(Math.max(1, Math.min(size, 1024 * 1024)));
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * Runs `task` over `items` with at most `limit` in flight; results keep the input order.
 * Each of the `limit` lanes gets its own `lane` value (e.g. a reusable buffer).
 */
export async function mapLimited<T, R, L>(
  items: T[],
  limit: number,
  makeLane: () => L,
  task: (item: T, lane: L) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    const lane = makeLane();
    while (next < items.length) {
      signal?.throwIfAborted();
      const i = next++;
      results[i] = await task(items[i], lane);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
