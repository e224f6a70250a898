/** Paths as people type them: `~`, `~/corpora/tess`, `../shared/data/tess`, or absolute. */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The absolute path a typed one means: `~` is the home folder, a relative path starts at `base`. */
export function expandUserPath(typed: string, base: string, home: string = homedir()): string {
  const path = typed.trim();
  if (path === '~') return home;
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(home, path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(base, path);
}
