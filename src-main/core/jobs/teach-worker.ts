/**
 * The teach worker: fine-tunes a saved model on the person's recordings into a new model (core/model/teach.ts),
 * posting TeachEvents, then the result. A { type: 'cancel' } message aborts between two batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { teachModel } from '../model/teach';
import { TeachCancelledError, type TeachEvent, type TeachRequest } from '../model/teach-types';
import type { TeachOutcome } from './teach-job';
import type { WorkerJobCommand } from './worker-job';

const port = parentPort!;
const controller = new AbortController();
const { request } = workerData as { request: TeachRequest };
let saving = false;

port.on('message', (m: WorkerJobCommand) => {
  if (m?.type === 'cancel' && !saving) controller.abort();
});

const post = (e: TeachEvent | TeachOutcome) => port.postMessage(e);

// After the final event nothing should keep this thread alive (the parent terminates it anyway).
teachModel(request, {
  signal: controller.signal,
  onEvent: (e) => {
    if (e.type === 'stage' && e.stage === 'saving') saving = true;
    post(e);
  },
}).then(
  (result) => {
    post({ type: 'result', ...result });
    port.unref();
  },
  (err: unknown) => {
    post(err instanceof TeachCancelledError ? { type: 'cancelled' } : { type: 'error', message: err instanceof Error ? err.message : String(err) });
    port.unref();
  },
);
