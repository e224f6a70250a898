/**
 * A teach-your-voice job: fine-tuning in a worker thread of its own, so the thread that serves the UI stays
 * responsive. The api's entry point (the CLI runs teachModel in its own process).
 */
import type { TeachEvent, TeachRequest, TeachResult } from '../model/teach-types';
import { runWorkerJob, type WorkerJobEnd } from './worker-job';

export type TeachOutcome = WorkerJobEnd<{ type: 'result' } & TeachResult>;

/** Starts teaching; events (the final one too) reach `onEvent`; `done` never rejects. */
export function startTeaching(request: TeachRequest, onEvent: (e: TeachEvent | TeachOutcome) => void): { done: Promise<TeachOutcome>; cancel(): void } {
  return runWorkerJob<TeachEvent, { type: 'result' } & TeachResult>(
    { worker: 'teach', workerData: { request }, what: 'teaching', isSaving: (e) => e.type === 'stage' && e.stage === 'saving' },
    onEvent,
  );
}
