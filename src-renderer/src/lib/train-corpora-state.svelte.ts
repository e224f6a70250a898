// The Train view's other corpora (trained on with the one open in the Corpus view), the label map the person
// edited, and the host's summary of them all (train.corpora). Kept here so they survive switching views.
import { api, errorMessage } from './api';
import { withTarget, type TargetLabel } from './train-corpora';
import { LatestRequest, type Latest } from './latest-request';
import type { LabelMap, TrainCorpora } from '../../../src-main/api/contract';

export interface ExtraCorpus {
  root: string;
  convention: string;
  clips: number;
}

export type CorporaSummaryState = Latest<TrainCorpora>;

const SUMMARY_DELAY_MS = 200;

class TrainCorporaState {
  extra = $state<ExtraCorpus[]>([]);
  /** The map as the person edited it; undefined: the host's default (calm → neutral). */
  edited = $state.raw<LabelMap | undefined>(undefined);
  summary = $state.raw<CorporaSummaryState>({ status: 'idle' });
  /** The folder being opened to add, its scan's progress, and why the last one could not be added. */
  adding = $state<string | undefined>(undefined);
  addProgress = $state<{ done: number; total: number } | undefined>(undefined);
  addError = $state<string | undefined>(undefined);

  #listening = false;
  #summaries = new LatestRequest<TrainCorpora>(
    SUMMARY_DELAY_MS,
    (state) => (this.summary = state),
    (err) => errorMessage(err),
  );

  /** The summary, while it is of the corpora and map asked for now. */
  current(mainRoot: string): TrainCorpora | undefined {
    const s = this.summary;
    return s.status === 'ready' && s.key === this.#key(mainRoot) ? s.value : undefined;
  }

  /** The map in force: the edited one, else the one the host applied by default. */
  mapInForce(mainRoot: string): LabelMap {
    return this.edited ?? this.current(mainRoot)?.labelMap ?? {};
  }

  #key(mainRoot: string): string {
    return JSON.stringify([mainRoot, this.extra.map((e) => e.root), this.edited ?? null]);
  }

  /** Opens a folder (corpus.open: scans it and grants access) and adds it; refuses the open corpus and repeats. */
  async add(path: string, mainRoot: string): Promise<boolean> {
    const trimmed = path.trim();
    this.addError = undefined;
    if (!trimmed) {
      this.addError = 'Type the path of a corpus folder first.';
      return false;
    }
    if (!this.#listening) {
      this.#listening = true;
      api.on('corpus.scanProgress', (p) => {
        if (this.adding !== undefined) this.addProgress = { done: p.done, total: p.total };
      });
    }
    this.adding = trimmed;
    this.addProgress = undefined;
    try {
      const corpus = await api.request('corpus.open', { path: trimmed });
      if (corpus.root === mainRoot) this.addError = `${corpus.root} is the corpus open in the Corpus view; it is trained on already.`;
      else if (this.extra.some((e) => e.root === corpus.root)) this.addError = `${corpus.root} is in the list already.`;
      else if (corpus.clips.length === 0)
        this.addError = `No labelled clips in ${corpus.root}: its files follow no naming the app knows (TESS, RAVDESS, CREMA-D, SAVEE, EmoDB, or a folder per label).`;
      else {
        this.extra = [...this.extra, { root: corpus.root, convention: corpus.corpus, clips: corpus.clips.length }];
        return true;
      }
      return false;
    } catch (err) {
      this.addError = errorMessage(err);
      return false;
    } finally {
      this.adding = undefined;
      this.addProgress = undefined;
    }
  }

  /** The native folder dialog (Electron), then add; false when the person cancels. */
  async choose(mainRoot: string): Promise<boolean> {
    this.addError = undefined;
    try {
      const { path } = await api.request('corpus.chooseFolder', {});
      return path ? await this.add(path, mainRoot) : false;
    } catch (err) {
      this.addError = errorMessage(err);
      return false;
    }
  }

  remove(root: string): void {
    this.extra = this.extra.filter((e) => e.root !== root);
    if (this.extra.length === 0) this.edited = undefined;
  }

  setTarget(mainRoot: string, label: TargetLabel, target: TargetLabel | null): void {
    this.edited = withTarget(this.mapInForce(mainRoot), label, target);
  }

  resetMap(): void {
    this.edited = undefined;
  }

  /** Asks train.corpora for the corpora and map of now, shortly after the last change; older answers are dropped. */
  refresh(mainRoot: string | undefined): void {
    // A corpus opened in the Corpus view that was in the list is now the main one.
    if (mainRoot && this.extra.some((e) => e.root === mainRoot)) this.remove(mainRoot);
    if (!mainRoot || this.extra.length === 0) return this.#summaries.clear();
    const args = { corpusDir: mainRoot, extraCorpusDirs: this.extra.map((e) => e.root), ...(this.edited ? { labelMap: this.edited } : {}) };
    this.#summaries.ask(this.#key(mainRoot), () => api.request('train.corpora', args));
  }
}

export const trainCorpora = new TrainCorporaState();
