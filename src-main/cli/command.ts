/** What every `ser` sub-command module exports as `command`. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  /** Full usage text printed for `ser <name> --help`. */
  help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** A mistake in how the command was called: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two short strings. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known option closest to a mistyped one (`--epoch` → `--epochs`), or undefined when none is near. */
export function closestOption(typed: string, known: readonly string[]): string | undefined {
  const bare = typed.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (!bare) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    // A prefix (`--early` for `--early-stopping`) is as good as one typo.
    const distance = name.startsWith(bare) ? 1 : editDistance(bare, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Beyond a third of the word, a "did you mean" is a guess rather than a correction.
  return best && best.distance <= Math.max(1, Math.floor(Math.max(bare.length, best.name.length) / 3)) ? best.name : undefined;
}

/** node:util parseArgs with strict checking, turning its errors into UsageErrors worded for people. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const message = err instanceof Error ? err.message : String(err);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
      const names = Object.keys(options);
      const near = closestOption(unknown, names);
      const list = names.map((n) => `--${n}`).join(', ');
      throw new UsageError(`unknown option ${unknown}${near ? `; did you mean --${near}?` : ''} (options: ${list}; --help explains them)`);
    }
    throw new UsageError(message);
  }
}

/** Writes one JSON Lines record to stdout. */
export function printJsonLine(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
