// Which saved model is "the" model the Models and Live views work with: the one the user chose, remembered
// across sessions, or the newest one when that is gone. Plain TypeScript, so it is tested without a DOM.
import type { ModelSummary } from '../../../src-main/api/contract';

/** localStorage key of the chosen model's id. */
export const ACTIVE_MODEL_KEY = 'ser-studio.active-model-id';

type Pickable = Pick<ModelSummary, 'id' | 'createdAt' | 'builtIn'>;

/**
 * The chosen model when it still exists, else the newest the user trained or imported, else the one that
 * ships with the app; undefined when there are no models at all.
 */
export function pickActiveModelId(models: readonly Pickable[], chosenId: string | undefined): string | undefined {
  if (chosenId !== undefined && models.some((m) => m.id === chosenId)) return chosenId;
  let newest: Pickable | undefined;
  // By creation time, not list order: the list's order is the host's business.
  const better = (m: Pickable, than: Pickable) => (m.builtIn !== than.builtIn ? !m.builtIn : Date.parse(m.createdAt) > Date.parse(than.createdAt));
  for (const m of models) if (!newest || better(m, newest)) newest = m;
  return newest?.id;
}

/** The remembered choice. Storage can be missing or refuse (private modes, quotas): then nothing is remembered. */
export class ActiveModelMemory {
  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined) {}

  read(): string | undefined {
    try {
      return this.storage?.getItem(ACTIVE_MODEL_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  }

  write(id: string | undefined): void {
    try {
      if (id === undefined) this.storage?.removeItem(ACTIVE_MODEL_KEY);
      else this.storage?.setItem(ACTIVE_MODEL_KEY, id);
    } catch {
      // Not remembered across sessions; the choice still holds for this one.
    }
  }
}
