/** Worker thread: converts one clip to a 16-bit WAV file off the main thread (the media route's decoded copies of AIFF and compressed clips). */
import { parentPort, workerData } from 'node:worker_threads';
import { AudioDecodeError } from '../audio';
import { transcodeToWavFile } from '../audio/transcode';

const { source, dest } = workerData as { source: string; dest: string };
transcodeToWavFile(source, dest).then(
  (r) => parentPort!.postMessage({ ok: true, bytes: r.bytes }),
  (err: unknown) =>
    parentPort!.postMessage({ ok: false, decode: err instanceof AudioDecodeError, reason: err instanceof AudioDecodeError ? err.reason : String(err) }),
);
