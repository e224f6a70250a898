// Teach it your voice: the recordings folder's takes, and the teach job this session started (it outlives the
// view: the job runs on the host, and its record is in jobsState).
import { api, errorMessage } from './api';
import { jobsState } from './jobs-state.svelte';
import type { RecordingsSummary } from '../../../src-main/api/contract';

class TeachState {
  summary = $state.raw<RecordingsSummary | undefined>(undefined);
  summaryError = $state<string | undefined>(undefined);
  jobId = $state<string | undefined>(undefined);
  startError = $state<string | undefined>(undefined);

  get job() {
    return this.jobId ? jobsState.get(this.jobId) : undefined;
  }

  get running(): boolean {
    const state = this.job?.info.state;
    return state === 'running' || state === 'queued';
  }

  async refresh(): Promise<void> {
    try {
      this.summary = await api.request('teach.recordings', {});
      this.summaryError = undefined;
    } catch (err) {
      this.summaryError = errorMessage(err);
    }
  }

  async start(modelId: string): Promise<void> {
    if (this.running) return;
    this.startError = undefined;
    try {
      this.jobId = await jobsState.startTeaching({ modelId });
    } catch (err) {
      this.startError = errorMessage(err);
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId && this.running) await jobsState.cancel(this.jobId).catch(() => undefined);
  }
}

export const teachState = new TeachState();
