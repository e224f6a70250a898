// The Train view's form and its latest split preview, kept here so they survive switching views
// (the run itself lives in jobs-state).
import { api, errorMessage } from './api';
import { jobsState } from './jobs-state.svelte';
import { defaultForm, previewErrorText } from './train-form';
import type { TrainForm } from './train-form';
import { LatestRequest, type Latest } from './latest-request';
import type { TrainArgs, TrainPreview } from '../../../src-main/api/contract';

export type PreviewState = Latest<TrainPreview>;

const PREVIEW_DELAY_MS = 300;

class TrainState {
  form = $state<TrainForm>(defaultForm());
  preview = $state.raw<PreviewState>({ status: 'idle' });
  /** The latest preview that came back, kept on screen (dimmed) while the next one loads. */
  lastPreview = $state.raw<TrainPreview | undefined>(undefined);
  starting = $state(false);
  startError = $state<string | undefined>(undefined);

  #previews = new LatestRequest<TrainPreview>(
    PREVIEW_DELAY_MS,
    (state) => {
      this.preview = state;
      if (state.status === 'ready') this.lastPreview = state.value;
      else if (state.status === 'error') this.lastPreview = undefined;
    },
    (err) => previewErrorText(errorMessage(err)),
  );

  /** Asks train.preview for these args ~300 ms after the last change; answers for older args are dropped. */
  schedulePreview(args: TrainArgs | undefined): void {
    if (!args) this.#previews.clear();
    else this.#previews.ask(JSON.stringify(args), () => api.request('train.preview', args));
  }

  async start(args: TrainArgs): Promise<void> {
    this.starting = true;
    this.startError = undefined;
    try {
      await jobsState.startTraining(args);
    } catch (err) {
      this.startError = previewErrorText(errorMessage(err));
    } finally {
      this.starting = false;
    }
  }
}

export const trainState = new TrainState();
