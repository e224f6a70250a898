/** Recursive folder walk that follows symlinked folders once and cannot loop. */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
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
 * Lists every regular file below `root` (files reached through symlinks included).
 * A folder is entered once per real path, so symlink cycles end; unreadable folders become problems.
 */
export async function walkFiles(root: string, signal?: AbortSignal): Promise<{ files: WalkedFile[]; problems: Problem[] }> {
  const files: WalkedFile[] = [];
  const problems: Problem[] = [];
  const visited = new Set<string>([await realpath(root)]);
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
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined);
        if (!target) {
          if (hasAudioExtension(entry.name)) problems.push({ path, reason: 'broken symbolic link' });
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isFile) {
        files.push({ path, folders: dir.folders, name: entry.name });
      } else if (isDir) {
        const real = await realpath(path).catch(() => undefined);
        if (real === undefined || visited.has(real)) continue;
        visited.add(real);
        queue.push({ path, folders: [...dir.folders, entry.name] });
      }
    }
  }
  return { files, problems };
}

export function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no longer exists';
  return code ?? (err instanceof Error ? err.message : String(err));
}
