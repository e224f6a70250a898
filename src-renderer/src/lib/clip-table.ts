// Pure logic behind the virtualised clip table: filtering, sorting and the visible window.
// Kept free of Svelte and the DOM so it can be unit-tested and stays fast with thousands of rows.

/** The clip fields the table shows (a structural subset of the dataset's Clip). */
export interface ClipRow {
  path: string;
  relPath: string;
  speaker: string;
  label: string;
  utterance?: string;
  durationSeconds: number;
  sampleRate: number;
}

export type SortKey = 'relPath' | 'speaker' | 'label' | 'utterance' | 'durationSeconds' | 'sampleRate';
export type SortDirection = 'ascending' | 'descending';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export interface ClipFilter {
  label: string; // '' = any
  speaker: string; // '' = any
  utterance: string; // '' = any
  search: string; // free text; whitespace-separated terms must all match
}

export const EMPTY_FILTER: ClipFilter = { label: '', speaker: '', utterance: '', search: '' };

export function isFiltered(f: ClipFilter): boolean {
  return f.label !== '' || f.speaker !== '' || f.utterance !== '' || f.search.trim() !== '';
}

export function filterClips<T extends ClipRow>(clips: readonly T[], f: ClipFilter): T[] {
  const terms = f.search.toLowerCase().split(/\s+/).filter(Boolean);
  return clips.filter((c) => {
    if (f.label && c.label !== f.label) return false;
    if (f.speaker && c.speaker !== f.speaker) return false;
    if (f.utterance && c.utterance !== f.utterance) return false;
    if (terms.length === 0) return true;
    const haystack = `${c.relPath} ${c.speaker} ${c.label} ${c.utterance ?? ''}`.toLowerCase();
    return terms.every((t) => haystack.includes(t));
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Stable sort; text compares naturally ("a2" before "a10"); ties fall back to the path. */
export function sortClips<T extends ClipRow>(clips: readonly T[], order: SortOrder): T[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  const { key } = order;
  return clips
    .map((clip, index) => ({ clip, index }))
    .sort((a, b) => {
      const va = a.clip[key];
      const vb = b.clip[key];
      let cmp: number;
      if (typeof va === 'number' && typeof vb === 'number') cmp = va - vb;
      else cmp = collator.compare(String(va ?? ''), String(vb ?? ''));
      if (cmp === 0) cmp = collator.compare(a.clip.relPath, b.clip.relPath);
      return cmp !== 0 ? cmp * sign : a.index - b.index;
    })
    .map((x) => x.clip);
}

/** Clicking the sorted column flips its direction; another column starts ascending. */
export function toggleSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}

export interface RowWindow {
  start: number;
  end: number;
  offsetY: number;
  totalHeight: number;
}

/** Which rows [start, end) to put in the DOM for a scroll position, with `overscan` extra rows each side. */
export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 6): RowWindow {
  const totalHeight = total * rowHeight;
  if (total === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetY: 0, totalHeight };
  const maxTop = Math.max(0, totalHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end, offsetY: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row `index` fully into view, or undefined when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | undefined {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return undefined;
}

/** Next selected index after a key press; -1 (nothing selected) enters at the first or last row. */
export function moveSelection(index: number, delta: number, total: number): number {
  if (total === 0) return -1;
  if (index < 0) return delta >= 0 ? 0 : total - 1;
  return Math.min(total - 1, Math.max(0, index + delta));
}

/** The folder prefix every path shares ("" when none), so the table can show the part that differs. */
export function commonDirPrefix(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  let prefix = paths[0]!;
  for (const p of paths) {
    while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
    if (!prefix) return '';
  }
  const cut = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
  return cut >= 0 ? prefix.slice(0, cut + 1) : '';
}

/** Distinct non-empty values of a field, naturally sorted (for the filter menus). */
export function distinctValues<T extends ClipRow>(clips: readonly T[], key: 'label' | 'speaker' | 'utterance'): string[] {
  const set = new Set<string>();
  for (const c of clips) {
    const v = c[key];
    if (v) set.add(v);
  }
  return [...set].sort(collator.compare);
}

/**
 * A path split for an ellipsis in the middle: the head (folders) may shrink to "…", the tail stays whole,
 * because the file name is what tells clips apart (TESS: speaker, word, emotion). Names longer than
 * `tailMax` keep their last `tailMax` characters.
 */
export function splitForMiddleEllipsis(text: string, tailMax = 32): { head: string; tail: string } {
  let start = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\')) + 1;
  if (text.length - start > tailMax) start = text.length - tailMax;
  return { head: text.slice(0, start), tail: text.slice(start) };
}

/** The row to select after the rows changed: the selected one while it is still shown, else the first. */
export function selectionAfterFilter<T extends { path: string }>(rows: readonly T[], selected: string | undefined): string | undefined {
  if (selected !== undefined && rows.some((r) => r.path === selected)) return selected;
  return rows[0]?.path;
}
