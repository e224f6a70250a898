/** Command-line options of the browser host. */
import { resolve } from 'node:path';
import { defaultRendererDir } from '../shell/renderer-files';
import { defaultStateFile } from '../core/app-dirs';

export interface ServeArgs {
  port: number;
  openCorpus: string | null;
  stateFile: string | null;
  rendererDir: string;
  /** Where models, the feature cache and recordings live; undefined = $SER_…_DIR or the default. */
  folders: { modelsDir?: string; cacheDir?: string; recordingsDir?: string };
}

export class UsageError extends Error {}

export function parseServeArgs(argv: string[]): ServeArgs {
  const out: ServeArgs = { port: 0, openCorpus: null, stateFile: defaultStateFile(), rendererDir: defaultRendererDir(), folders: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--port': {
        const v = value();
        const p = Number(v);
        if (!/^\d+$/.test(v) || p > 65535) throw new UsageError(`--port must be a whole number in [0, 65535] (got ${v})`);
        out.port = p;
        break;
      }
      case '--open-corpus':
        out.openCorpus = resolve(value());
        break;
      case '--state-file': {
        const v = value();
        out.stateFile = v === 'none' ? null : resolve(v);
        break;
      }
      case '--models-dir':
        out.folders.modelsDir = resolve(value());
        break;
      case '--cache-dir':
        out.folders.cacheDir = resolve(value());
        break;
      case '--recordings-dir':
        out.folders.recordingsDir = resolve(value());
        break;
      case '--renderer-dir':
        out.rendererDir = resolve(value());
        break;
      case '--help':
      case '-h':
        throw new UsageError(
          'usage: serve [--port <p>] [--open-corpus <dir>] [--state-file <file|none>] [--models-dir <dir>] [--cache-dir <dir>] [--recordings-dir <dir>] [--renderer-dir <dir>]',
        );
      default:
        throw new UsageError(`unknown option ${flag} (try --help)`);
    }
  }
  return out;
}
