// The session's jobs (training, evaluation, teaching a voice), running and finished, with their progress, epochs, log and outcome.
// A job outlives the view that started it: views read it from here by id.
import { api, errorMessage } from './api';
import { JobBook } from './job-book';
import type { JobEvent, JobRecord } from './job-book';
import type { EvaluateArgs, TeachArgs, TrainArgs } from '../../../src-main/api/contract';

class JobsState {
  /** Oldest first. Changed only through the book, in place (see job-book.ts). */
  jobs = $state<JobRecord[]>([]);
  running = $derived(this.jobs.filter((j) => j.info.state === 'running'));
  /** Training jobs waiting for a free slot. */
  queued = $derived(this.jobs.filter((j) => j.info.state === 'queued'));
  /** Why the list could not be loaded after the last (re)connect, if it could not. */
  listError = $state<string | undefined>(undefined);

  #book = new JobBook(this.jobs);
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.onConnected(() => void this.reload());
    const fold = (event: JobEvent) => this.#book.apply(event, performance.now());
    api.on('job.state', (payload) => fold({ name: 'job.state', payload }));
    api.on('job.progress', (payload) => fold({ name: 'job.progress', payload }));
    api.on('job.log', (payload) => fold({ name: 'job.log', payload }));
    api.on('job.result', (payload) => fold({ name: 'job.result', payload }));
    api.on('job.error', (payload) => fold({ name: 'job.error', payload }));
  }

  /**
   * Loads `jobs.list`, so jobs started before a page reload (or while disconnected) show as they stand.
   * Their epoch history and log from before then are not available from the api yet; such records have
   * `historyComplete: false` and only what arrives from now on.
   */
  async reload(): Promise<void> {
    try {
      this.#book.reload((await api.request('jobs.list', {})).jobs);
      this.listError = undefined;
    } catch (err) {
      this.listError = errorMessage(err);
    }
  }

  /** The job's record; reactive, so a view that asks before the job's first event sees it when it comes. */
  get(jobId: string): JobRecord | undefined {
    void this.jobs.length; // the index is a plain Map: depend on the list growing
    return this.#book.get(jobId);
  }

  /** Starts a training job; resolves with its id (its record appears with the job's first event). */
  async startTraining(args: TrainArgs): Promise<string> {
    const { jobId } = await api.request('train.start', args);
    this.#book.started(jobId, { kind: 'train', args });
    return jobId;
  }

  async startEvaluation(args: EvaluateArgs): Promise<string> {
    const { jobId } = await api.request('evaluate.start', args);
    this.#book.started(jobId, { kind: 'evaluate', args });
    return jobId;
  }

  /** Starts teaching a model the voice of the saved recordings (a new model comes out of it). */
  async startTeaching(args: TeachArgs): Promise<string> {
    const { jobId } = await api.request('teach.start', args);
    this.#book.started(jobId, { kind: 'teach', args });
    return jobId;
  }

  /** Asks the host to stop a job; false when it had already finished. The outcome arrives as events. */
  async cancel(jobId: string): Promise<boolean> {
    return (await api.request('job.cancel', { jobId })).cancelled;
  }
}

export const jobsState = new JobsState();
