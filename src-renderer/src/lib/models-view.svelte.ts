// The Models view's own choices (selected model, runs to compare, sort, filter), kept here so they survive
// switching to another view and back. The models themselves are in models-state.
import { modelsState } from './models-state.svelte';
import { filterModels, sortModels, toModelRow } from './models-table';
import type { ModelSortOrder } from './models-table';

class ModelsViewState {
  selectedId = $state<string | undefined>(undefined);
  /** Ids checked for comparison, in the order they were checked. */
  compareIds = $state<string[]>([]);
  sort = $state<ModelSortOrder>({ key: 'createdAt', direction: 'descending' });
  filter = $state('');

  allRows = $derived(modelsState.models.map(toModelRow));
  rows = $derived(sortModels(filterModels(this.allRows, this.filter), this.sort));
  /** The selected model while it still exists. */
  selected = $derived(modelsState.models.find((m) => m.id === this.selectedId));
  /** The checked models that still exist, in check order. */
  compared = $derived(this.compareIds.map((id) => modelsState.models.find((m) => m.id === id)).filter((m) => m !== undefined));

  select(id: string | undefined): void {
    this.selectedId = id;
  }

  toggleCompare(id: string, on: boolean): void {
    const has = this.compareIds.includes(id);
    if (on && !has) this.compareIds = [...this.compareIds, id];
    else if (!on && has) this.compareIds = this.compareIds.filter((x) => x !== id);
  }

  clearCompare(): void {
    this.compareIds = [];
  }

  /** After a delete: forget the model everywhere. */
  forget(id: string): void {
    if (this.selectedId === id) this.selectedId = undefined;
    this.toggleCompare(id, false);
  }
}

export const modelsView = new ModelsViewState();
