/**
 * The `ser` command: dispatches to one module per sub-command, loaded on demand so that
 * `ser scan` never pays for loading TensorFlow.js.
 */
import { resolve } from 'node:path';
import { APP_VERSION } from '../core/app-dirs';
import { planBackend, type BackendPlan } from '../core/model/backend-plan';
import { BACKEND_NAMES, type BackendName } from '../core/model/training-types';
import { closestOption, UsageError, type Command } from './command';

const commands: Record<string, { summary: string; load: () => Promise<{ command: Command }> }> = {
  scan: { summary: 'scan a corpus folder into a manifest', load: () => import('./scan') },
  features: { summary: 'extract features for a folder or files (JSON Lines with --json)', load: () => import('./features') },
  train: { summary: 'train a model on a corpus folder', load: () => import('./train') },
  evaluate: { summary: 'evaluate a saved model on clips', load: () => import('./evaluate') },
  teach: { summary: 'teach a saved model your voice from your labelled recordings (a new model)', load: () => import('./teach') },
  predict: { summary: 'predict the emotion of audio files', load: () => import('./predict') },
  models: { summary: 'list saved models', load: () => import('./models') },
  cache: { summary: 'the feature cache: where it is, its size, --clear', load: () => import('./cache') },
};
/** Commands that start a TensorFlow.js worker: they say which backend it will use before they start. */
const USES_BACKEND = new Set(['train', 'evaluate', 'predict', 'teach']);

/** The backend a run will use and why (--backend, else SER_BACKEND, else the ladder). */
function backendLine(argv: string[] = []): string {
  const i = argv.findIndex((a) => a === '--backend' || a.startsWith('--backend='));
  const asked = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  let plan: BackendPlan;
  try {
    plan = planBackend((BACKEND_NAMES as readonly string[]).includes(asked ?? '') ? (asked as BackendName) : undefined);
  } catch (err) {
    return `ML backend: cannot tell (${err instanceof Error ? err.message : String(err)})`;
  }
  return `ML backend: ${plan.name} — ${plan.detail}`;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    'Usage: ser <command> [options]',
    '',
    'Speech emotion recognition: corpus scanning, librosa-compatible MFCC features, LSTM training.',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ser <command> --help` for the options of a command.',
    '',
    'Folders (for every command; the environment variable does the same):',
    '  --models-dir DIR   saved models ($SER_MODELS_DIR, default ~/.local/share/ser-desktop/models)',
    '  --cache-dir DIR    the feature cache of features, train, evaluate and cache ($SER_CACHE_DIR, default ~/.cache/ser-desktop/features)',
    '',
    backendLine(),
  ].join('\n');
}

/** `--models-dir DIR` anywhere on the line sets $SER_MODELS_DIR for the command: one place decides, app-dirs. */
function takeFolderOptions(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const inline = a.startsWith('--models-dir=') ? a.slice('--models-dir='.length) : undefined;
    if (a !== '--models-dir' && inline === undefined) {
      rest.push(a);
      continue;
    }
    const dir = inline ?? argv[++i];
    if (!dir) throw new UsageError('--models-dir needs a folder');
    process.env.SER_MODELS_DIR = resolve(dir);
  }
  return rest;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = takeFolderOptions(argv);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    const near = closestOption(name, Object.keys(commands));
    console.error(`ser: unknown command '${name}'${near ? `; did you mean '${near}'?` : ''}\n\n${mainHelp()}`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  // For people at a terminal; a script's stderr stays for errors (the backend is also in `ser --help`).
  if (USES_BACKEND.has(name) && !rest.includes('--json') && process.stderr.isTTY) console.error(`ser: ${backendLine(rest)}`);
  return command.run(rest);
}

// `ser scan --json | head`: when the reader goes away, stop quietly, as command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`ser: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(`ser: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.SER_DEBUG && err instanceof Error) console.error(err.stack);
      process.exitCode = 1;
    }
  },
);
