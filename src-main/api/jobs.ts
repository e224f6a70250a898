/**
 * The session's jobs: long work (training, evaluation) started by a request that returns an id at once;
 * progress, log lines and the outcome go out as `job.*` events.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { throttleProgress } from '../core/jobs/throttle';
import { errorMessage } from './errors';
import type { EvaluateResult, Events, JobInfo, JobKind, JobProgress, TeachJobResult, TrainResult } from './contract';
import type { DistributiveOmit } from '../core/type-utils';

type Emit = <N extends keyof Events>(name: N, payload: Events[N]) => void;

/** What a job body reports through; the registry turns it into events and state. */
export interface JobReporter {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(p: ProgressBody): void;
  log(message: string): void;
}

type ProgressBody = DistributiveOmit<JobProgress, 'jobId' | 'kind'>;

export type JobOutcome = { kind: 'train'; result: TrainResult } | { kind: 'evaluate'; result: EvaluateResult } | { kind: 'teach'; result: TeachJobResult };

/** Kinds that train a model: they share the training slots. */
const TRAINING_KINDS: readonly JobKind[] = ['train', 'teach'];

/** A running body: resolves with the outcome; rejects on failure; `cancel` must end it within a second. */
export interface JobHandle {
  done: Promise<JobOutcome | 'cancelled'>;
  cancel(): void;
}

interface Entry {
  info: JobInfo;
  handle?: JobHandle;
  controller: AbortController;
  /** Starts the body; kept while the job waits in the queue. */
  launch?: () => void;
}

/** Training jobs allowed at once: each holds a worker, a tfjs backend and its data (8 at once took 1.5 GB). */
export function defaultTrainingSlots(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly queue: Entry[] = [];

  constructor(
    private readonly emit: Emit,
    private readonly trainingSlots = defaultTrainingSlots(),
  ) {}

  list(): JobInfo[] {
    return [...this.jobs.values()].map((e) => ({ ...e.info }));
  }

  /** What quitting now would stop, said for a person; undefined when no job is running or waiting. */
  get unfinishedSummary(): string | undefined {
    const states = [...this.jobs.values()].map((e) => e.info.state);
    const running = states.filter((s) => s === 'running').length;
    const queued = states.filter((s) => s === 'queued').length;
    if (running + queued === 0) return undefined;
    const jobs = (n: number) => (n === 1 ? '1 job' : `${n} jobs`);
    if (queued === 0) return running === 1 ? 'A job is still running.' : `${running} jobs are still running.`;
    if (running === 0) return `${jobs(queued)} ${queued === 1 ? 'is' : 'are'} waiting to start.`;
    return `${jobs(running)} ${running === 1 ? 'is' : 'are'} running and ${queued} more ${queued === 1 ? 'is' : 'are'} waiting.`;
  }

  /** Starts `body` as a job and returns its id immediately; a training job beyond the slots waits, queued. */
  start(kind: JobKind, title: string, body: (r: JobReporter) => JobHandle): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const full = TRAINING_KINDS.includes(kind) && this.activeTraining() >= this.trainingSlots;
    const entry: Entry = { info: { jobId, kind, title, state: full ? 'queued' : 'running', startedAt: new Date().toISOString() }, controller };
    this.jobs.set(jobId, entry);
    entry.launch = () => this.launch(entry, body);
    this.emit('job.state', { ...entry.info });
    if (full) this.queue.push(entry);
    else entry.launch();
    return jobId;
  }

  private activeTraining(): number {
    return [...this.jobs.values()].filter((e) => TRAINING_KINDS.includes(e.info.kind) && e.info.state === 'running').length;
  }

  /** Starts queued training jobs while slots are free (oldest first). */
  private drainQueue(): void {
    while (this.queue.length > 0 && this.activeTraining() < this.trainingSlots) {
      const next = this.queue.shift()!;
      next.info.state = 'running';
      next.info.startedAt = new Date().toISOString();
      this.emit('job.state', { ...next.info });
      next.launch?.();
    }
  }

  private launch(entry: Entry, body: (r: JobReporter) => JobHandle): void {
    const { jobId, kind } = entry.info;
    const { controller } = entry;
    entry.launch = undefined;
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
      return;
    }
    entry.handle.done.then(
      (outcome) => {
        if (outcome === 'cancelled' || controller.signal.aborted) return this.finish(entry, 'cancelled', 'cancelled');
        this.emit('job.result', { jobId, ...outcome } as Events['job.result']);
        this.finish(entry, 'done');
      },
      (err) => this.finish(entry, controller.signal.aborted ? 'cancelled' : 'error', errorMessage(err)),
    );
  }

  /** Cancels a running or queued job; false when it had already ended. */
  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry) return false;
    if (entry.info.state === 'queued') {
      this.queue.splice(this.queue.indexOf(entry), 1);
      entry.controller.abort();
      this.finish(entry, 'cancelled', 'cancelled before it started');
      return true;
    }
    if (entry.info.state !== 'running') return false;
    entry.controller.abort();
    entry.handle?.cancel();
    return true;
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Cancels everything queued or still running (shutdown); the queue first, so nothing starts as the others end. */
  cancelAll(): void {
    for (const e of [...this.queue]) this.cancel(e.info.jobId);
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  private finish(entry: Entry, state: 'done' | 'error' | 'cancelled', message?: string): void {
    if (entry.info.state !== 'running' && entry.info.state !== 'queued') return;
    entry.info.state = state;
    entry.info.endedAt = new Date().toISOString();
    if (state === 'done') entry.info.fraction = 1;
    if (state !== 'done') {
      entry.info.message = message;
      this.emit('job.error', { jobId: entry.info.jobId, kind: entry.info.kind, message: message ?? state, cancelled: state === 'cancelled' });
    }
    this.emit('job.state', { ...entry.info });
    this.drainQueue();
  }
}
