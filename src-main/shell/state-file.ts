/**
 * Small persisted app state (recent corpora; in Electron also the window bounds) as one JSON file,
 * written atomically (temp file in the same folder, then rename) so a crash never leaves half a file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write';
import type { RecentCorpus } from '../api/contract';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface AppState {
  recent: RecentCorpus[];
  lastCorpus?: string;
  window?: WindowBounds;
}

const MAX_RECENT = 10;

function sanitize(raw: unknown): AppState {
  const state: AppState = { recent: [] };
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  if (Array.isArray(r.recent)) {
    for (const e of r.recent) {
      if (e && typeof e.path === 'string' && typeof e.openedAt === 'string') state.recent.push({ path: e.path, openedAt: e.openedAt });
    }
    state.recent = state.recent.slice(0, MAX_RECENT);
  }
  if (typeof r.lastCorpus === 'string') state.lastCorpus = r.lastCorpus;
  const w = r.window as Record<string, unknown> | undefined;
  if (w && typeof w.width === 'number' && typeof w.height === 'number') {
    state.window = { width: w.width, height: w.height, maximized: w.maximized === true };
    if (typeof w.x === 'number' && typeof w.y === 'number') Object.assign(state.window, { x: w.x, y: w.y });
  }
  return state;
}

export class StateFile {
  private state: AppState = { recent: [] };
  private writing: Promise<void> = Promise.resolve();

  /** `file: null` keeps the state in memory only (tests, or when no place to write exists). */
  constructor(readonly file: string | null) {}

  /** Reads the file; a missing or corrupt file starts from an empty state (never throws). */
  async load(): Promise<AppState> {
    if (this.file) {
      try {
        this.state = sanitize(JSON.parse(await readFile(this.file, 'utf8')));
      } catch {
        this.state = { recent: [] };
      }
    }
    return this.get();
  }

  get(): AppState {
    return structuredClone(this.state);
  }

  async update(change: (s: AppState) => void): Promise<void> {
    change(this.state);
    this.state = sanitize(this.state);
    const snapshot = JSON.stringify(this.state, null, 2);
    // Serialise writes so an older snapshot never lands after a newer one.
    this.writing = this.writing.then(() => this.write(snapshot)).catch(() => undefined);
    await this.writing;
  }

  async addRecent(path: string): Promise<void> {
    await this.update((s) => {
      s.recent = [{ path, openedAt: new Date().toISOString() }, ...s.recent.filter((r) => r.path !== path)];
      s.lastCorpus = path;
    });
  }

  private async write(text: string): Promise<void> {
    if (!this.file) return;
    await mkdir(dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, text + '\n');
  }
}
