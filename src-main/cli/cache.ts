/** `ser cache`: where the feature cache is, its size, and emptying it. */
import { resolve } from 'node:path';
import { defaultCacheDir } from '../core/app-dirs';
import { cacheUsage, clearCache } from '../core/features/cache-usage';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';

const help = `Usage: ser cache [--clear] [--cache-dir DIR] [--json]

Shows the feature cache folder and its size. Features are cached per clip and feature spec, so a second
training or evaluation on the same clips skips the extraction.

  --clear          remove every cache entry (nothing else in the folder); features are computed again when needed
  --cache-dir DIR  the cache folder (default: $SER_CACHE_DIR or ~/.cache/ser-desktop/features)
  --json           one JSON object: {"dir", "files", "bytes"} (with --clear: the entries removed)`;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    clear: { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`cache takes no arguments (got ${positionals.join(' ')})\n\n${help}`);
  const dir = values['cache-dir'] ? resolve(values['cache-dir']) : defaultCacheDir();
  const usage = values.clear ? await clearCache(dir) : await cacheUsage(dir);
  if (values.json) printJsonLine({ dir, ...usage });
  else if (values.clear) console.log(`${dir}: removed ${usage.files} cache entr${usage.files === 1 ? 'y' : 'ies'} (${size(usage.bytes)})`);
  else console.log(`${dir}: ${usage.files} cache entr${usage.files === 1 ? 'y' : 'ies'}, ${size(usage.bytes)} (ser cache --clear empties it)`);
  return 0;
}

export const command: Command = { help, run };
