/**
 * A long job in a worker thread of its own (training, teaching a voice): its events reach `onEvent`, the
 * final one too; `done` resolves with that final outcome and never rejects. Cancel asks the worker to stop
 * between two steps and stops it hard after CANCEL_GRACE_MS, except while it saves (too late then: stopping
 * could leave a stray temp folder).
 */
import { Worker } from 'node:worker_threads';
import { workerUrl } from './worker-path';

/** How long a cancelled worker may take before it is terminated. */
export const CANCEL_GRACE_MS = 1000;

export type WorkerJobEnd<R extends { type: 'result' }> = R | { type: 'error'; message: string } | { type: 'cancelled' };

/** Messages to a job's worker. */
export type WorkerJobCommand = { type: 'cancel' };

export interface WorkerJobSpec<E> {
  /** The worker bundle's name: `dist-main/core/jobs/<name>-worker.js`. */
  worker: string;
  workerData: unknown;
  /** What the job does, for its error messages ("training worker failed: …"). */
  what: string;
  /** Checks before the worker starts (a refusal ends the job with its message). */
  before?: () => Promise<void>;
  /** The event that says the worker has begun saving. */
  isSaving: (e: E) => boolean;
}

export function runWorkerJob<E extends { type: string }, R extends { type: 'result' }>(
  spec: WorkerJobSpec<E>,
  onEvent: (e: E | WorkerJobEnd<R>) => void,
): { done: Promise<WorkerJobEnd<R>>; cancel(): void } {
  let worker: Worker | undefined;
  let finished = false;
  let cancelRequested = false;
  let saving = false;
  let settle!: (e: WorkerJobEnd<R>) => void;
  const done = new Promise<WorkerJobEnd<R>>((resolve) => (settle = resolve));

  const finish = (e: WorkerJobEnd<R>) => {
    if (finished) return;
    finished = true;
    onEvent(e);
    settle(e);
    void worker?.terminate();
  };

  const start = async () => {
    await spec.before?.();
    if (cancelRequested) return finish({ type: 'cancelled' });
    worker = new Worker(workerUrl(spec.worker), { workerData: spec.workerData });
    worker.on('message', (e: E | WorkerJobEnd<R>) => {
      if (finished) return;
      if (e.type === 'result' || e.type === 'error' || e.type === 'cancelled') return finish(e as WorkerJobEnd<R>);
      if (spec.isSaving(e as E)) saving = true;
      onEvent(e);
    });
    worker.on('error', (err) => finish({ type: 'error', message: `${spec.what} worker failed: ${err.message}` }));
    worker.on('exit', (code) => {
      if (!finished) finish(cancelRequested ? { type: 'cancelled' } : { type: 'error', message: `${spec.what} worker exited unexpectedly (code ${code})` });
    });
  };
  start().catch((err: unknown) => finish({ type: 'error', message: err instanceof Error ? err.message : String(err) }));

  return {
    done,
    cancel() {
      if (finished || cancelRequested) return;
      cancelRequested = true;
      if (!worker) return;
      worker.postMessage({ type: 'cancel' } satisfies WorkerJobCommand);
      const timer = setTimeout(() => {
        if (!saving) finish({ type: 'cancelled' });
      }, CANCEL_GRACE_MS);
      timer.unref();
      void done.then(() => clearTimeout(timer));
    },
  };
}
