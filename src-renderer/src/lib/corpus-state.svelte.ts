// The open corpus, its table state (filter, sort, selection) and the selected clip's analysis.
import { api, errorMessage } from './api';
import { commonDirPrefix, EMPTY_FILTER, filterClips, moveSelection, selectionAfterFilter, sortClips } from './clip-table';
import type { ClipFilter, SortOrder } from './clip-table';
import type { ClipFeatures, ClipInfo, CorpusView, RecentCorpus } from '../../../src-main/api/contract';

export type FeaturesState =
  | { status: 'idle' }
  | { status: 'loading'; path: string }
  | { status: 'ready'; path: string; features: ClipFeatures }
  | { status: 'error'; path: string; message: string };

/** This tab's open corpus and selected clip, so that a reload comes back to them (sessionStorage: per tab). */
const SESSION_KEY = 'ser.corpus';
interface CorpusSession {
  root: string;
  selected?: string;
}

function readSession(): CorpusSession | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Partial<CorpusSession> | null;
    return v && typeof v.root === 'string' ? { root: v.root, selected: typeof v.selected === 'string' ? v.selected : undefined } : undefined;
  } catch {
    return undefined;
  }
}

class CorpusState {
  /** The scanned corpus; raw because it is large and replaced whole, never mutated. */
  corpus = $state.raw<CorpusView | undefined>(undefined);
  opening = $state<string | undefined>(undefined);
  scanProgress = $state<{ done: number; total: number } | undefined>(undefined);
  openError = $state<string | undefined>(undefined);
  recent = $state<RecentCorpus[]>([]);

  filter = $state<ClipFilter>({ ...EMPTY_FILTER });
  sort = $state<SortOrder>({ key: 'relPath', direction: 'ascending' });
  /** The clips the table shows, filtered then sorted. */
  rows = $derived.by(() => (this.corpus ? sortClips(filterClips(this.corpus.clips, this.filter), this.sort) : []));

  /** The folder every clip path starts with; the table and the inspector show the rest. */
  commonPrefix = $derived(this.corpus ? commonDirPrefix(this.corpus.clips.map((c) => c.relPath)) : '');

  selectedPath = $state<string | undefined>(undefined);
  selectedIndex = $derived(this.selectedPath === undefined ? -1 : this.rows.findIndex((c) => c.path === this.selectedPath));
  selected = $derived<ClipInfo | undefined>(this.selectedIndex >= 0 ? this.rows[this.selectedIndex] : undefined);
  features = $state.raw<FeaturesState>({ status: 'idle' });

  #started = false;
  #featureCache = new Map<string, ClipFeatures>();

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.on('corpus.scanProgress', (p) => {
      if (this.opening !== undefined) this.scanProgress = { done: p.done, total: p.total };
    });
    api.on('corpus.openRequested', ({ path }) => void this.open(path));
  }

  async loadRecent(): Promise<void> {
    try {
      this.recent = (await api.request('corpus.recent', {})).recent;
    } catch (err) {
      console.warn('corpus.recent failed:', errorMessage(err));
    }
  }

  /** Opens (scans) a folder; on failure keeps the current corpus and shows the host's reason. */
  async open(path: string): Promise<boolean> {
    const trimmed = path.trim();
    if (!trimmed) {
      this.openError = 'Type the path of a corpus folder first.';
      return false;
    }
    this.opening = trimmed;
    this.scanProgress = undefined;
    this.openError = undefined;
    try {
      const corpus = await api.request('corpus.open', { path: trimmed });
      this.#featureCache.clear();
      this.corpus = corpus;
      this.filter = { ...EMPTY_FILTER };
      this.select(corpus.clips.length > 0 ? this.rows[0]?.path : undefined);
      void this.loadRecent();
      return true;
    } catch (err) {
      this.openError = errorMessage(err);
      return false;
    } finally {
      this.opening = undefined;
      this.scanProgress = undefined;
    }
  }

  /** Native folder dialog (Electron); resolves false when the user cancels. */
  async choose(): Promise<boolean> {
    this.openError = undefined;
    try {
      const { path } = await api.request('corpus.chooseFolder', {});
      return path ? await this.open(path) : false;
    } catch (err) {
      this.openError = errorMessage(err);
      return false;
    }
  }

  select(path: string | undefined): void {
    this.selectedPath = path;
    if (!this.corpus) return;
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({ root: this.corpus.root, selected: path } satisfies CorpusSession));
    } catch {
      // Storage may be off (private mode); a reload then starts empty, as before.
    }
  }

  /** Moves the selection by `delta` rows within the filtered, sorted table. */
  move(delta: number): void {
    const next = moveSelection(this.selectedIndex, delta, this.rows.length);
    this.select(next >= 0 ? this.rows[next]!.path : undefined);
  }

  /** After a filter change: the selected clip stays while it matches, else the first match is selected (never a blank inspector). */
  followFilter(): void {
    const next = selectionAfterFilter(this.rows, this.selectedPath);
    if (next !== this.selectedPath) this.select(next);
  }

  /** Reopens the corpus and clip this tab showed before a reload; false when there was none. */
  async restoreSession(): Promise<boolean> {
    const saved = readSession();
    if (!saved || !(await this.open(saved.root))) return false;
    if (saved.selected && this.rows.some((r) => r.path === saved.selected)) this.select(saved.selected);
    return true;
  }

  resetFilter(): void {
    this.filter = { ...EMPTY_FILTER };
  }

  /** Fetches the selected clip's MFCC and descriptors; stale answers (selection moved on) are dropped. */
  async loadFeatures(path: string): Promise<void> {
    const cached = this.#featureCache.get(path);
    if (cached) {
      this.features = { status: 'ready', path, features: cached };
      return;
    }
    this.features = { status: 'loading', path };
    try {
      const features = await api.request('clip.features', { path });
      this.#featureCache.set(path, features);
      if (this.#featureCache.size > 64) this.#featureCache.delete(this.#featureCache.keys().next().value!);
      if (this.selectedPath === path) this.features = { status: 'ready', path, features };
    } catch (err) {
      if (this.selectedPath === path) this.features = { status: 'error', path, message: errorMessage(err) };
    }
  }
}

export const corpusState = new CorpusState();
