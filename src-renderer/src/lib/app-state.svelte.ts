// App-wide state: the current view, the host's info, the connection and the jobs the status bar shows.
import { api, errorMessage } from './api';
import type { ConnectionStatus } from './api';
import type { AppInfo, JobInfo, JobProgress } from '../../../src-main/api/contract';
import type { ViewId } from './views';

class AppState {
  view = $state<ViewId>('corpus');
  info = $state<AppInfo | undefined>(undefined);
  infoError = $state<string | undefined>(undefined);
  connection = $state<ConnectionStatus>({ state: 'connecting' });
  jobs = $state<JobInfo[]>([]);
  running = $derived(this.jobs.filter((j) => j.state === 'running'));

  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.onStatus((s) => {
      const wasOpen = this.connection.state === 'open';
      this.connection = s;
      if (s.state === 'open' && !wasOpen) void this.refresh();
    });
    api.on('job.state', (job) => this.#upsert(job));
    api.on('job.progress', (p) => this.#progress(p));
  }

  async refresh(): Promise<void> {
    try {
      this.info = await api.request('app.info', {});
      this.infoError = undefined;
    } catch (err) {
      this.infoError = errorMessage(err);
    }
    try {
      this.jobs = (await api.request('jobs.list', {})).jobs;
    } catch (err) {
      console.warn('jobs.list failed:', errorMessage(err));
    }
  }

  #upsert(job: JobInfo): void {
    const i = this.jobs.findIndex((j) => j.jobId === job.jobId);
    if (i < 0) this.jobs.push(job);
    else this.jobs[i] = job;
  }

  // Progress events are finer-grained than job.state: keep the status bar's fraction current.
  #progress(p: JobProgress): void {
    const job = this.jobs.find((j) => j.jobId === p.jobId);
    if (!job) return;
    if (p.type === 'stage') job.stage = p.stage;
    else if (p.type === 'count' && p.total > 0) job.fraction = p.done / p.total;
    else if (p.type === 'batch' && p.batches > 0 && p.epochs > 0) job.fraction = (p.epoch - 1 + p.batch / p.batches) / p.epochs;
    else if (p.type === 'epoch' && p.epochs > 0) job.fraction = p.epoch / p.epochs;
  }
}

export const app = new AppState();
