/** `--models-dir`, `--cache-dir` and `--recordings-dir` on Electron's command line (the browser host parses its own). */
import { resolve } from 'node:path';

export interface FolderOptions {
  modelsDir?: string;
  cacheDir?: string;
  recordingsDir?: string;
}

const OPTIONS: Record<string, keyof FolderOptions> = { '--models-dir': 'modelsDir', '--cache-dir': 'cacheDir', '--recordings-dir': 'recordingsDir' };

/** The folder options in `argv` (`--models-dir DIR` or `--models-dir=DIR`), resolved; others are ignored. */
export function folderOptions(argv: readonly string[]): FolderOptions {
  const out: FolderOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=')
      ? [argv[i]!.slice(0, argv[i]!.indexOf('=')), argv[i]!.slice(argv[i]!.indexOf('=') + 1)]
      : [argv[i]!, undefined];
    const key = OPTIONS[flag];
    if (!key) continue;
    const value = inline ?? argv[++i];
    if (value) out[key] = resolve(value);
  }
  return out;
}
