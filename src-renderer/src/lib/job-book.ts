// The session's jobs as the renderer keeps them: each job's info, latest progress, epoch history, log, and
// outcome, folded from the `job.*` events. Plain TypeScript so it is tested without a DOM; jobs-state.svelte.ts
// hands it a reactive array, and because every change is made in place on the records of that array, a
// progress event (up to ~20 a second) touches a few fields instead of rebuilding the list.
import type { EpochMetrics, EvaluateArgs, Events, JobInfo, JobProgress, TeachArgs, TrainArgs } from '../../../src-main/api/contract';

/** The latest training batch, as the host reported it, plus the rate measured here. */
export interface BatchStatus {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Running mean over the epoch so far (the host's figure). */
  loss: number;
  accuracy: number;
  etaSeconds: number;
  /** Batches a second within the current epoch (undefined until two batches of it were seen). */
  batchesPerSecond?: number;
}

/** A features / evaluation / scan count. */
export interface CountStatus {
  what: 'features' | 'evaluation' | 'scan';
  done: number;
  total: number;
}

export interface JobLogLine {
  message: string;
  at: string;
}

export interface JobRecord {
  info: JobInfo;
  /** The args the job was started with, when this session started it (not known for jobs found by `jobs.list`). */
  startedWith?: { kind: 'train'; args: TrainArgs } | { kind: 'evaluate'; args: EvaluateArgs } | { kind: 'teach'; args: TeachArgs };
  stageDetail?: string;
  count?: CountStatus;
  batch?: BatchStatus;
  /** One entry per finished epoch, in order, appended as `job.progress` 'epoch' events arrive. */
  epochs: EpochMetrics[];
  /**
   * False when the job was already running before this page connected: the api has no history request yet,
   * so the epochs and log lines before then are missing (and not invented here).
   */
  historyComplete: boolean;
  log: JobLogLine[];
  result?: Events['job.result'];
  error?: { message: string; cancelled: boolean };
}

export type JobEvent =
  | { name: 'job.state'; payload: Events['job.state'] }
  | { name: 'job.progress'; payload: Events['job.progress'] }
  | { name: 'job.log'; payload: Events['job.log'] }
  | { name: 'job.result'; payload: Events['job.result'] }
  | { name: 'job.error'; payload: Events['job.error'] };

export const LOG_LIMIT = 500;

/** Clips a second of a training job's latest batch; undefined when the batch size or the rate is not known. */
export function clipsPerSecond(job: JobRecord): number | undefined {
  const rate = job.batch?.batchesPerSecond;
  if (rate === undefined || job.startedWith?.kind !== 'train') return undefined;
  return rate * job.startedWith.args.batchSize;
}

interface EpochAnchor {
  epoch: number;
  batch: number;
  at: number;
}

export class JobBook {
  readonly #index = new Map<string, JobRecord>();
  // Where the current epoch's rate is measured from (not state: nothing draws it).
  readonly #anchors = new Map<string, EpochAnchor>();
  // Args of jobs this session started whose first event has not arrived yet (events and replies race in Electron).
  readonly #pendingArgs = new Map<string, NonNullable<JobRecord['startedWith']>>();

  /** `records` is kept in place (the caller may pass a reactive array); newest job last. */
  constructor(
    readonly records: JobRecord[] = [],
    readonly logLimit = LOG_LIMIT,
  ) {}

  get(jobId: string): JobRecord | undefined {
    return this.#index.get(jobId);
  }

  /** Applies one `job.*` event; events of a job not known yet (other than its state) are dropped. */
  apply(event: JobEvent, now: number): void {
    if (event.name === 'job.state') {
      this.#upsert(event.payload, true);
      return;
    }
    const job = this.#index.get(event.payload.jobId);
    if (!job) return;
    switch (event.name) {
      case 'job.progress':
        this.#progress(job, event.payload, now);
        break;
      case 'job.log':
        this.#log(job, event.payload.message, event.payload.at);
        break;
      case 'job.result':
        job.result = event.payload;
        break;
      case 'job.error':
        job.error = { message: event.payload.message, cancelled: event.payload.cancelled };
        break;
    }
  }

  /** Takes in `jobs.list` after a (re)connect: adds jobs not seen yet, updates the ones still running here. */
  reload(listed: JobInfo[]): void {
    for (const info of listed) {
      const known = this.#index.get(info.jobId);
      // A job that already ended here is final; an older listing must not bring it back to running.
      if (known && !isActive(known.info.state)) continue;
      this.#upsert(info, false);
    }
  }

  /** Records the args of a job this session started (the reply to train.start / evaluate.start). */
  started(jobId: string, startedWith: NonNullable<JobRecord['startedWith']>): void {
    const job = this.#index.get(jobId);
    if (job) job.startedWith = startedWith;
    else this.#pendingArgs.set(jobId, startedWith);
  }

  #upsert(info: JobInfo, fromEvent: boolean): void {
    const known = this.#index.get(info.jobId);
    if (known) {
      known.info = info;
      if (!isActive(info.state)) this.#anchors.delete(info.jobId);
      return;
    }
    const startedWith = this.#pendingArgs.get(info.jobId);
    this.#pendingArgs.delete(info.jobId);
    // Only a job first seen through its start event has all its events here; one found in a listing (or first
    // seen ending) started before this page connected.
    const historyComplete = fromEvent && isActive(info.state);
    this.records.push({ info, startedWith, epochs: [], historyComplete, log: [] });
    // The array may wrap what it is given (a Svelte state proxy): index the element it holds.
    this.#index.set(info.jobId, this.records[this.records.length - 1]!);
  }

  #progress(job: JobRecord, p: JobProgress, now: number): void {
    switch (p.type) {
      case 'stage':
        job.info.stage = p.stage;
        job.stageDetail = p.detail;
        break;
      case 'count':
        if (job.count) {
          job.count.what = p.what;
          job.count.done = p.done;
          job.count.total = p.total;
        } else job.count = { what: p.what, done: p.done, total: p.total };
        if (p.total > 0) job.info.fraction = p.done / p.total;
        break;
      case 'batch': {
        const rate = this.#rate(job.info.jobId, p.epoch, p.batch, now);
        const next: BatchStatus = {
          epoch: p.epoch,
          epochs: p.epochs,
          batch: p.batch,
          batches: p.batches,
          loss: p.loss,
          accuracy: p.accuracy,
          etaSeconds: p.etaSeconds,
          batchesPerSecond: rate ?? job.batch?.batchesPerSecond,
        };
        if (job.batch) Object.assign(job.batch, next);
        else job.batch = next;
        if (p.batches > 0 && p.epochs > 0) job.info.fraction = (p.epoch - 1 + p.batch / p.batches) / p.epochs;
        break;
      }
      case 'epoch': {
        const metrics: EpochMetrics = { epoch: p.epoch, seconds: p.seconds, loss: p.loss, accuracy: p.accuracy };
        if (p.valLoss !== undefined) metrics.valLoss = p.valLoss;
        if (p.valAccuracy !== undefined) metrics.valAccuracy = p.valAccuracy;
        job.epochs.push(metrics);
        if (p.epochs > 0) job.info.fraction = p.epoch / p.epochs;
        break;
      }
    }
  }

  // Measured from the first batch seen in the epoch, so the validation pass between epochs does not count.
  #rate(jobId: string, epoch: number, batch: number, now: number): number | undefined {
    const anchor = this.#anchors.get(jobId);
    if (!anchor || anchor.epoch !== epoch || batch <= anchor.batch) {
      this.#anchors.set(jobId, { epoch, batch, at: now });
      return undefined;
    }
    const seconds = (now - anchor.at) / 1000;
    return seconds > 0 ? (batch - anchor.batch) / seconds : undefined;
  }

  #log(job: JobRecord, message: string, at: string): void {
    job.log.push({ message, at });
    const excess = job.log.length - this.logLimit;
    if (excess > 0) job.log.splice(0, excess);
  }
}

/** Not ended yet: running, or queued for a training slot. */
export function isActive(state: JobInfo['state']): boolean {
  return state === 'running' || state === 'queued';
}
