/**
 * Where the app keeps its data, and its name and version: one definition for the CLI, the api,
 * the workers and both shells. tfjs-free, so the host can import it at start.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// esbuild inlines just these two fields into each bundle; no package.json is read at run time.
import { productName, version } from '../../package.json';

export const APP_NAME: string = productName;
export const APP_VERSION: string = version;

/** The folder name under the platform's data and cache folders. */
const APP_FOLDER = 'ser-desktop';

function xdg(variable: string, fallback: string[]): string {
  const value = process.env[variable];
  return value && isAbsolute(value) ? value : join(homedir(), ...fallback);
}

/** $SER_MODELS_DIR, else $XDG_DATA_HOME/ser-desktop/models, else ~/.local/share/ser-desktop/models. */
export function defaultModelsDir(): string {
  if (process.env.SER_MODELS_DIR) return resolve(process.env.SER_MODELS_DIR);
  return join(xdg('XDG_DATA_HOME', ['.local', 'share']), APP_FOLDER, 'models');
}

/** $SER_CACHE_DIR, else $XDG_CACHE_HOME/ser-desktop/features, else ~/.cache/ser-desktop/features. */
export function defaultCacheDir(): string {
  if (process.env.SER_CACHE_DIR) return resolve(process.env.SER_CACHE_DIR);
  return join(xdg('XDG_CACHE_HOME', ['.cache']), APP_FOLDER, 'features');
}

/** $XDG_CONFIG_HOME/ser-desktop/state.json: the browser host's small state file (Electron uses its userData). */
export function defaultStateFile(): string {
  return join(xdg('XDG_CONFIG_HOME', ['.config']), APP_FOLDER, 'state.json');
}

/** $SER_RECORDINGS_DIR, else $XDG_DATA_HOME/ser-desktop/My recordings: where the Live view saves labelled utterances. */
export function defaultRecordingsDir(): string {
  if (process.env.SER_RECORDINGS_DIR) return resolve(process.env.SER_RECORDINGS_DIR);
  return join(xdg('XDG_DATA_HOME', ['.local', 'share']), APP_FOLDER, 'My recordings');
}

/** The project root (the folder holding package.json) above this module, from source or from the bundle. */
export function projectRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the project root (package.json) above ${from}`);
    dir = parent;
  }
}

/**
 * The models that ship with the app (read-only): $SER_BUILTIN_MODELS_DIR ('none': no built-in model),
 * else resources/models of the project. Packaged Electron passes its resources folder instead.
 */
export function defaultBuiltInModelsDir(): string | null {
  const env = process.env.SER_BUILTIN_MODELS_DIR;
  if (env === 'none') return null;
  if (env) return resolve(env);
  return join(projectRoot(), 'resources', 'models');
}

/** How a folder setting was chosen: a command-line option, its environment variable, or the default. */
export type FolderSource = 'option' | 'environment' | 'default';

export function folderSource(envVariable: 'SER_MODELS_DIR' | 'SER_CACHE_DIR' | 'SER_RECORDINGS_DIR', fromOption: boolean): FolderSource {
  if (fromOption) return 'option';
  return process.env[envVariable] ? 'environment' : 'default';
}
