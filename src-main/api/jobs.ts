/**
 * The session's jobs: long work (training, evaluation) started by a request that returns an id at once;
 * progress, log lines and the outcome go out as `job.*` events.
 */
import { randomUUID } from 'node:crypto';
import { throttleProgress } from '../core/jobs/throttle';
import { errorMessage } from './errors';
import type { EvaluateResult, Events, JobInfo, JobKind, JobProgress, TrainResult } from './contract';

type Emit = <N extends keyof Events>(name: N, payload: Events[N]) => void;

/** What a job body reports through; the registry turns it into events and state. */
export interface JobReporter {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(p: ProgressBody): void;
  log(message: string): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ProgressBody = DistributiveOmit<JobProgress, 'jobId' | 'kind'>;

export type JobOutcome = { kind: 'train'; result: TrainResult } | { kind: 'evaluate'; result: EvaluateResult };

/** A running body: resolves with the outcome; rejects on failure; `cancel` must end it within a second. */
export interface JobHandle {
  done: Promise<JobOutcome | 'cancelled'>;
  cancel(): void;
}

interface Entry {
  info: JobInfo;
  handle?: JobHandle;
  controller: AbortController;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();

  constructor(private readonly emit: Emit) {}

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info }));
  }

  get running(): number {
    return [...this.jobs.values()].filter((e) => e.info.state === 'running').length;
  }

  /** Starts `body` as a job and returns its id immediately. */
  start(kind: JobKind, title: string, body: (r: JobReporter) => JobHandle): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const entry: Entry = { info: { jobId, kind, title, state: 'running', startedAt: new Date().toISOString() }, controller };
    this.jobs.set(jobId, entry);
    this.emit('job.state', { ...entry.info });
    const send = (p: ProgressBody) => {
      if (p.type === 'stage') entry.info.stage = p.stage;
      if (p.type === 'count' && p.total > 0) entry.info.fraction = p.done / p.total;
      if (p.type === 'batch') entry.info.fraction = (p.epoch - 1 + p.batch / Math.max(1, p.batches)) / Math.max(1, p.epochs);
      this.emit('job.progress', { jobId, kind, ...p } as JobProgress);
    };
    // Batches and counts can come by the hundred per second; the last of an epoch or a count always passes.
    const sendFrequent = throttleProgress(send, (p) => (p.type === 'batch' && p.batch === p.batches) || (p.type === 'count' && p.done === p.total));
    const reporter: JobReporter = {
      jobId,
      signal: controller.signal,
      progress: (p) => {
        if (entry.info.state !== 'running') return;
        if (p.type === 'batch' || p.type === 'count') sendFrequent(p);
        else send(p);
      },
      log: (message) => this.emit('job.log', { jobId, kind, message, at: new Date().toISOString() }),
    };
    try {
      entry.handle = body(reporter);
    } catch (err) {
      this.finish(entry, 'error', errorMessage(err));
      return jobId;
    }
    entry.handle.done.then(
      (outcome) => {
        if (outcome === 'cancelled' || controller.signal.aborted) return this.finish(entry, 'cancelled', 'cancelled');
        this.emit('job.result', { jobId, ...outcome } as Events['job.result']);
        this.finish(entry, 'done');
      },
      (err) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'error', errorMessage(err)),
    );
    return jobId;
  }

  /** Cancels a running job; false when it had already ended. Throws when the id is unknown. */
  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry) return false;
    if (entry.info.state !== 'running') return false;
    entry.controller.abort();
    entry.handle?.cancel();
    return true;
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Cancels everything still running (shutdown). */
  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  private finish(entry: Entry, state: 'done' | 'error' | 'cancelled', message?: string): void {
    if (entry.info.state !== 'running') return;
    entry.info.state = state;
    entry.info.endedAt = new Date().toISOString();
    if (state === 'done') entry.info.fraction = 1;
    if (state !== 'done') {
      entry.info.message = message;
      this.emit('job.error', { jobId: entry.info.jobId, kind: entry.info.kind, message: message ?? state, cancelled: state === 'cancelled' });
    }
    this.emit('job.state', { ...entry.info });
  }
}
