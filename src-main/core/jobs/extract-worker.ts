/** Worker thread: decodes clips and computes their features, one task at a time. */
import { parentPort } from 'node:worker_threads';
import { writeCacheEntry } from '../features/cache';
import { extractFeatures } from '../features';
import { decodeClipFor } from '../features/decode-clip';
import { augmentAudio } from '../model/augment-audio';
import type { ExtractReply, ExtractTask } from './extract-protocol';

if (!parentPort) throw new Error('extract-worker must run in a worker thread');
const port = parentPort;

port.on('message', (task: ExtractTask) => {
  void run(task).then((reply) => {
    port.postMessage(reply, reply.ok ? [reply.data.buffer as ArrayBuffer] : []);
  });
});

async function run(task: ExtractTask): Promise<ExtractReply> {
  try {
    // Blocking reads: this thread works on one clip at a time, so waiting costs nothing else.
    const decoded = await decodeClipFor(task.path, task.spec, 'blocking', task.augment !== undefined);
    const audio = task.augment ? augmentAudio(decoded, task.augment) : decoded;
    const feature = extractFeatures(audio, task.spec);
    // Copy so the transferred buffer is exactly the feature (no views into larger buffers).
    const data = Float32Array.from(feature.data);
    if (task.cacheFile && !task.augment) await writeCacheEntry(task.cacheFile, { shape: feature.shape, data });
    return { id: task.id, ok: true, shape: feature.shape, data };
  } catch (err) {
    const reason = err instanceof Error ? ((err as Error & { reason?: string }).reason ?? err.message) : String(err);
    return { id: task.id, ok: false, reason };
  }
}
