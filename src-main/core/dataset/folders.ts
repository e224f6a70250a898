/** One folder's sub-folders, for a folder picker that runs where no native dialog exists (the browser host). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hasAudioExtension } from './conventions';

export interface FolderContents {
  folders: { name: string; path: string }[];
  audioFiles: number;
  truncated: boolean;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Sub-folders (symlinks to folders too; hidden ones left out), naturally sorted, at most `limit`. */
export async function listFolder(dir: string, limit = 1000): Promise<FolderContents> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders: { name: string; path: string }[] = [];
  let audioFiles = 0;
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isDirectory() === true);
    if (isDir) folders.push({ name: e.name, path });
    else if (hasAudioExtension(e.name)) audioFiles++;
  }
  folders.sort((a, b) => collator.compare(a.name, b.name));
  return { folders: folders.slice(0, limit), audioFiles, truncated: folders.length > limit };
}
