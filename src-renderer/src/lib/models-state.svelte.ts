// The saved models (`model.list`) and the active model, the one picker the Models and Live views share.
import { api, errorMessage } from './api';
import { ActiveModelMemory, pickActiveModelId } from './active-model';
import type { ModelSummary } from '../../../src-main/api/contract';

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

class ModelsState {
  /** Newest first, as the host lists them; replaced whole on every refresh. */
  models = $state.raw<ModelSummary[]>([]);
  modelsDir = $state<string | undefined>(undefined);
  /** Folders in the models folder that hold model files but cannot be used, with why. */
  unusable = $state.raw<{ dir: string; reason: string }[]>([]);
  /** True until the first list has arrived (so "no models" is not claimed before it is known). */
  loading = $state(true);
  listError = $state<string | undefined>(undefined);

  #memory = new ActiveModelMemory(browserStorage());
  #chosenId = $state<string | undefined>(this.#memory.read());
  /** The chosen model when it still exists, else the newest; undefined when there are none. */
  activeId = $derived(pickActiveModelId(this.models, this.#chosenId));
  active = $derived(this.models.find((m) => m.id === this.activeId));

  #started = false;
  #generation = 0;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.onConnected(() => void this.refresh());
    // A finished training or teaching run has saved a new model.
    api.on('job.result', (r) => {
      if (r.kind === 'train' || r.kind === 'teach') void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const { models, modelsDir, unusable } = await api.request('model.list', {});
      if (generation !== this.#generation) return; // a later refresh answers for the newer state
      this.models = models;
      this.modelsDir = modelsDir;
      this.unusable = unusable;
      this.listError = undefined;
    } catch (err) {
      if (generation === this.#generation) this.listError = errorMessage(err);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Makes `id` the active model, remembered across sessions. */
  setActive(id: string): void {
    this.#chosenId = id;
    this.#memory.write(id);
  }

  /** Gives a model a new display name (its id stays); resolves with the renamed model, rejects with the host's reason. */
  async rename(id: string, name: string): Promise<ModelSummary> {
    const { model } = await api.request('model.rename', { id, name });
    this.models = this.models.map((m) => (m.id === id ? model : m));
    return model;
  }

  /** Deletes a saved model (rejects with the host's reason); the list is reloaded either way. */
  async remove(id: string): Promise<void> {
    try {
      await api.request('model.delete', { id });
      if (this.#chosenId === id) {
        this.#chosenId = undefined;
        this.#memory.write(undefined);
      }
    } finally {
      await this.refresh();
    }
  }

  /** Exports a model as a .zip; resolves with where it was written, or null when the save dialog was cancelled. */
  async exportModel(id: string, destination?: string): Promise<string | null> {
    return (await api.request('model.export', destination ? { id, destination } : { id })).path;
  }

  /** Imports a model .zip or folder (no source: an open dialog, Electron only); null when cancelled. */
  async importModel(source?: string): Promise<ModelSummary | null> {
    const { model } = await api.request('model.import', source ? { source } : {});
    if (model) await this.refresh();
    return model;
  }
}

export const modelsState = new ModelsState();
