/** What the request handlers share: the shell's options, path access, persisted state, jobs, events. */
import type { CorpusAccess } from './access';
import type { Events, RecentCorpus } from './contract';
import type { JobRegistry } from './jobs';

/** Where the shell keeps what the user opened (both shells: their state file). */
export interface RecentCorpora {
  get(): { recent: RecentCorpus[] };
  /** Puts a folder first in the recent list (and makes it the one to reopen). */
  addRecent(path: string): Promise<void>;
}

/** Native dialogs exist only in Electron; the browser host passes none. */
export interface NativeDialogs {
  chooseFolder(): Promise<string | null>;
  /** A save-file dialog for exports; null when cancelled. */
  chooseSaveFile(defaultName: string): Promise<string | null>;
  /** An open dialog for a model .zip or folder; null when cancelled. */
  chooseModelSource(): Promise<string | null>;
}

export interface ShellOptions {
  shell: 'electron' | 'browser';
  /** node, v8, and in Electron electron + chrome. */
  versions: Record<string, string>;
  dialogs?: NativeDialogs;
  /**
   * Browser host: a path typed into the renderer is checked (it must be a readable folder) and then
   * granted. Electron: corpus.open only accepts folders granted already (dialog, recent list, command line).
   */
  typedPathsGrantAccess: boolean;
  startupCorpus?: string | null;
  /** Where a typed relative path starts (browser host: the folder it was started in). */
  pathBase?: string;
  modelsDir?: string;
  /** Where exports go when no destination is given and no save dialog exists. */
  exportsDir?: string;
  cacheDir?: string;
  /** Where the Live view saves labelled utterances (default: defaultRecordingsDir()). */
  recordingsDir?: string;
  /** The read-only models that ship with the app (default: defaultBuiltInModelsDir(); null: none). */
  builtInModelsDir?: string | null;
}

export interface ApiContext {
  readonly options: ShellOptions;
  readonly access: CorpusAccess;
  readonly state: RecentCorpora;
  readonly jobs: JobRegistry;
  readonly modelsDir: string;
  readonly builtInModelsDir: string | null;
  emit<N extends keyof Events>(name: N, payload: Events[N]): void;
  /** Called after a corpus was scanned (Electron rebuilds its Open recent menu). */
  onCorpusOpened?: (root: string) => void;
  /** The ML backend the next job will use (planned at start), then what the workers reported last (app.info). */
  mlBackend: { state: 'unknown' | 'planned' | 'ready' | 'error'; name?: string; detail: string };
}
