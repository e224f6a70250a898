// The Train view's form and its latest split preview, kept here so they survive switching views
// (the run itself lives in jobs-state).
import { api, errorMessage } from './api';
import { jobsState } from './jobs-state.svelte';
import { defaultForm, previewErrorText } from './train-form';
import type { TrainForm } from './train-form';
import type { TrainArgs, TrainPreview } from '../../../src-main/api/contract';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'ready'; key: string; preview: TrainPreview }
  | { status: 'error'; key: string; message: string };

const PREVIEW_DELAY_MS = 300;

class TrainState {
  form = $state<TrainForm>(defaultForm());
  preview = $state.raw<PreviewState>({ status: 'idle' });
  /** The latest preview that came back, kept on screen (dimmed) while the next one loads. */
  lastPreview = $state.raw<TrainPreview | undefined>(undefined);
  starting = $state(false);
  startError = $state<string | undefined>(undefined);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = '';

  /** Asks train.preview for these args ~300 ms after the last change; answers for older args are dropped. */
  schedulePreview(args: TrainArgs | undefined): void {
    clearTimeout(this.#timer);
    if (!args) {
      this.#asked = '';
      this.preview = { status: 'idle' };
      return;
    }
    const key = JSON.stringify(args);
    if (key === this.#asked && this.preview.status !== 'idle') return;
    this.#asked = key;
    this.preview = { status: 'loading', key };
    this.#timer = setTimeout(() => void this.#fetch(args, key), PREVIEW_DELAY_MS);
  }

  async #fetch(args: TrainArgs, key: string): Promise<void> {
    try {
      const preview = await api.request('train.preview', args);
      if (this.#asked !== key) return;
      this.preview = { status: 'ready', key, preview };
      this.lastPreview = preview;
    } catch (err) {
      if (this.#asked !== key) return;
      this.preview = { status: 'error', key, message: previewErrorText(errorMessage(err)) };
      this.lastPreview = undefined;
    }
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
