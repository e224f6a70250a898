/**
 * How models are named and found: a model is a folder in the models folder, named after the model.
 * tfjs-free, so the api and the CLI can name and look up models without loading TensorFlow.js.
 */
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

/** A folder name from any model name: letters, digits, . _ -, at most 100 characters. */
export function safeModelName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return cleaned || 'model';
}

/** `20261202-063015` (UTC): sorts by time and is safe in a folder name. */
export function modelStamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** The name a model taught a voice gets when the user gives none: its source's name, time. */
export function taughtModelName(sourceName: string, date = new Date()): string {
  return `${sourceName}-taught-${modelStamp(date)}`;
}

/** The name a training run gets when the user gives none: preset, corpus folder(s), time. */
export function defaultModelName(preset: string, corpusDirs: string | readonly string[], date = new Date()): string {
  const folders = (typeof corpusDirs === 'string' ? [corpusDirs] : corpusDirs).map((d) => basename(resolve(d)));
  return `${preset}-${folders.join('-')}-${modelStamp(date)}`;
}

/** What a model folder's name looks like (what safeModelName and freeModelFolder produce). */
export const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/** `wanted` as a folder name that is free in `modelsDir` (`name`, `name-2`, `name-3`, …). */
export async function freeModelFolder(modelsDir: string, wanted: string): Promise<string> {
  const base = safeModelName(wanted);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!(await exists(join(modelsDir, name)))) return name;
  }
}

/** The folder of the model with this id (its folder name) in `modelsDir`, or undefined when there is none. */
export async function findModelFolder(modelsDir: string, id: string): Promise<string | undefined> {
  if (!MODEL_ID.test(id)) return undefined; // never a path: no separators, no hidden (staging) folders
  const dir = join(modelsDir, id);
  const st = await stat(dir).catch(() => undefined);
  return st?.isDirectory() ? dir : undefined;
}
