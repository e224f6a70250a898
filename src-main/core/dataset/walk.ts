/** Recursive folder walk that stays inside the chosen folder, follows symlinks within it once and cannot loop. */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { notRegularFile } from '../audio';
import { hasAudioExtension } from './conventions';
import type { Problem } from './types';

export interface WalkedFile {
  path: string;
  /** Folder names from the walked root down to the file's folder. */
  folders: string[];
  name: string;
}

// macOS zip debris (`__MACOSX/`, `._x.wav` resource forks) and hidden folders hold no clips.
const isHidden = (name: string) => name.startsWith('.') || name === '__MACOSX';

/**
 * Lists every regular file below `root` (files reached through symlinks inside it included).
 * A folder is entered once per real path, so symlink cycles end; a link that leads out of `root` is
 * reported and not followed (its target is none of the user's corpus, and reading it would leak it);
 * unreadable folders, link loops, pipes and names that are not UTF-8 become problems.
 */
export async function walkFiles(root: string, signal?: AbortSignal): Promise<{ files: WalkedFile[]; problems: Problem[] }> {
  const files: WalkedFile[] = [];
  const problems: Problem[] = [];
  const rootReal = await realpath(root);
  const visited = new Set<string>([rootReal]);
  const queue: { path: string; folders: string[] }[] = [{ path: root, folders: [] }];
  while (queue.length > 0) {
    signal?.throwIfAborted();
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(dir.path, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: dir.path, reason: `cannot read folder: ${errorCode(err)}` });
      continue;
    }
    // Sorted, so which of two paths to one folder is walked does not depend on the file system.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const path = join(dir.path, entry.name);
      const worthReporting = hasAudioExtension(entry.name) || !entry.name.includes('.');
      // Node decodes names that are not UTF-8 with U+FFFD; such a path then names no file at all.
      if (entry.name.includes('\uFFFD') && !(await lstat(path).catch(() => undefined))) {
        problems.push({ path, reason: 'the name is not valid UTF-8 (shown with �), so it cannot be opened; rename it' });
        continue;
      }
      let kind: { isDirectory(): boolean; isFile(): boolean } & Parameters<typeof notRegularFile>[0] = entry;
      if (entry.isSymbolicLink()) {
        const followed = await followLink(path, rootReal);
        if (!followed.ok) {
          if (followed.always || worthReporting || followed.outside) problems.push({ path, reason: followed.reason });
          continue;
        }
        kind = followed.target;
      }
      if (kind.isFile()) {
        files.push({ path, folders: dir.folders, name: entry.name });
      } else if (kind.isDirectory()) {
        const real = await realpath(path).catch(() => undefined);
        if (real === undefined || visited.has(real)) continue;
        visited.add(real);
        queue.push({ path, folders: [...dir.folders, entry.name] });
      } else if (hasAudioExtension(entry.name)) {
        problems.push({ path, reason: `${notRegularFile(kind)}; skipped` });
      }
    }
  }
  return { files, problems };
}

type Followed = { ok: true; target: Awaited<ReturnType<typeof stat>> } | { ok: false; reason: string; outside?: boolean; always?: boolean };

/** Where a symbolic link leads, if it stays inside the walked folder. */
async function followLink(path: string, rootReal: string): Promise<Followed> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { ok: false, always: true, reason: 'symbolic link loop: the link leads back to itself; skipped' };
    if (code === 'ENOENT') return { ok: false, reason: 'broken symbolic link: what it points to does not exist' };
    return { ok: false, reason: `cannot follow the symbolic link: ${errorCode(err)}` };
  }
  const rel = relative(rootReal, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    return { ok: false, outside: true, reason: 'symbolic link to a place outside the chosen folder; not followed (copy the files into the folder instead)' };
  }
  const target = await stat(real).catch(() => undefined);
  if (!target) return { ok: false, reason: 'broken symbolic link: what it points to does not exist' };
  return { ok: true, target };
}

export function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no longer exists';
  if (code === 'ELOOP') return 'symbolic link loop';
  return code ?? (err instanceof Error ? err.message : String(err));
}
