/** Listing, deleting, exporting and importing model folders (as folders or .zip files). */
import { unzipSync, zipSync } from 'fflate';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { defaultModelsDir } from '../app-dirs';
import { freeModelFolder, safeModelName } from './model-names';
import { installFolder, MODEL_FILES, ModelStoreError, parseModelMeta, readModelMeta, siblingTempPath, type ModelMeta } from './store-folder';

/** Far above any model this app trains (the seed LSTM is ~1.2 MB); bounds what a foreign archive can make us allocate. */
const MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024;

export interface ListedModel {
  dir: string;
  meta: ModelMeta;
}

/** Valid models under `root`, oldest first; folders with model files that fail validation go to `onProblem`. */
export async function listModels(root = defaultModelsDir(), onProblem?: (dir: string, reason: string) => void): Promise<ListedModel[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new ModelStoreError(root, `cannot list models (${err.message})`);
  });
  const out: ListedModel[] = [];
  // Hidden entries are staging/old copies of an interrupted save.
  for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    const dir = join(root, e.name);
    // Only folders that hold a model file are reported as broken models; others are not models at all.
    const names = await readdir(dir).catch(() => [] as string[]);
    if (!names.some((n) => (Object.values(MODEL_FILES) as string[]).includes(n))) continue;
    try {
      out.push({ dir, meta: await readModelMeta(dir) });
    } catch (err) {
      onProblem?.(dir, err instanceof ModelStoreError ? err.reason : String(err));
    }
  }
  return out.sort((a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt) || a.dir.localeCompare(b.dir));
}

/** Removes a model folder; refuses folders holding anything but model files (even a corrupt model may be deleted). */
export async function deleteModel(dir: string): Promise<void> {
  const target = resolve(dir);
  const entries = await readdir(target).catch(() => {
    throw new ModelStoreError(target, 'no such model folder');
  });
  const known = Object.values(MODEL_FILES) as string[];
  const foreign = entries.filter((e) => !known.includes(e));
  if (foreign.length > 0 || !entries.some((e) => known.includes(e))) {
    throw new ModelStoreError(target, `not a model folder (it holds ${foreign.slice(0, 3).join(', ') || 'nothing'}); not deleting it`);
  }
  const aside = siblingTempPath(target, 'deleting');
  await rename(target, aside);
  await rm(aside, { recursive: true, force: true });
}

/** Copies a model to `dest`: a .zip file (entries under the model's name) or a new folder. */
export async function exportModel(dir: string, dest: string): Promise<string> {
  const source = resolve(dir);
  const meta = await readModelMeta(source);
  const target = resolve(dest);
  if (await stat(target).catch(() => undefined)) throw new ModelStoreError(target, 'already exists; choose another destination');
  await mkdir(dirname(target), { recursive: true });
  const staged = siblingTempPath(target, 'exporting');
  try {
    if (target.toLowerCase().endsWith('.zip')) {
      const folder = safeModelName(meta.name);
      const files: Record<string, Uint8Array> = {};
      for (const f of Object.values(MODEL_FILES)) files[`${folder}/${f}`] = new Uint8Array(await readFile(join(source, f)));
      await writeFile(staged, zipSync(files, { level: 6 }));
    } else {
      await mkdir(staged);
      for (const f of Object.values(MODEL_FILES)) await copyFile(join(source, f), join(staged, f));
    }
    await rename(staged, target);
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
  return target;
}

export interface ImportOptions {
  /** Install under this name instead of the one in meta.json. */
  name?: string;
  /** On a name clash: pick the next free name (default) or fail. */
  onClash?: 'rename' | 'error';
}

/** Installs a model from a folder or a .zip into `root`, validating it before it becomes visible. */
export async function importModel(src: string, root = defaultModelsDir(), opts: ImportOptions = {}): Promise<ListedModel> {
  const source = resolve(src);
  const st = await stat(source).catch(() => undefined);
  if (!st) throw new ModelStoreError(source, 'no such file or folder');
  await mkdir(root, { recursive: true });
  const staged = siblingTempPath(join(root, basename(source)), 'importing');
  try {
    if (st.isDirectory()) {
      await readModelMeta(source);
      await mkdir(staged);
      for (const f of Object.values(MODEL_FILES)) await copyFile(join(source, f), join(staged, f));
    } else {
      await extractZip(source, st.size, staged);
    }
    const meta = await readModelMeta(staged).catch((err: unknown) => {
      throw err instanceof ModelStoreError ? new ModelStoreError(source, err.reason) : err;
    });
    const wanted = safeModelName(opts.name ?? meta.name);
    const name = await freeModelFolder(root, wanted);
    if (name !== wanted && opts.onClash === 'error') throw new ModelStoreError(join(root, wanted), `a model named '${wanted}' already exists`);
    if (name !== meta.name) {
      meta.name = name;
      await writeFile(join(staged, MODEL_FILES.meta), JSON.stringify(meta, null, 2) + '\n');
    }
    const dir = join(root, name);
    await installFolder(staged, dir, { replace: false });
    return { dir, meta };
  } catch (err) {
    await rm(staged, { recursive: true, force: true });
    throw err;
  }
}

/** Entry names from a foreign archive must stay inside the folder they are unpacked into. */
function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('\0');
}

async function extractZip(zipPath: string, size: number, staged: string): Promise<void> {
  if (size > MAX_ARCHIVE_BYTES) throw new ModelStoreError(zipPath, `too large for a model archive (${size} bytes)`);
  const fh = await open(zipPath, 'r');
  const magic = Buffer.alloc(4);
  await fh.read(magic, 0, 4, 0).finally(() => fh.close());
  if (magic.readUInt32LE(0) !== 0x04034b50) throw new ModelStoreError(zipPath, 'not a model folder or a .zip file');
  const known = Object.values(MODEL_FILES) as string[];
  let files;
  try {
    files = unzipSync(new Uint8Array(await readFile(zipPath)), {
      filter: (f) => {
        if (unsafeEntryName(f.name)) throw new ModelStoreError(zipPath, `unsafe entry name in archive: ${JSON.stringify(f.name)}`);
        if (f.originalSize > MAX_ARCHIVE_BYTES) throw new ModelStoreError(zipPath, `archive entry ${f.name} is too large (${f.originalSize} bytes)`);
        return known.includes(f.name.split('/').pop() ?? '');
      },
    });
  } catch (err) {
    if (err instanceof ModelStoreError) throw err;
    throw new ModelStoreError(zipPath, `not a readable zip archive (${err instanceof Error ? err.message : String(err)})`);
  }
  // The three files at the top level, or all three in one folder.
  const names = Object.keys(files);
  const prefixes = new Set(names.map((n) => n.slice(0, n.length - (n.split('/').pop() ?? '').length)));
  if (prefixes.size > 1 || names.some((n) => n.split('/').length > 2))
    throw new ModelStoreError(zipPath, 'archive holds model files in more than one folder; expected one model');
  const prefix = [...prefixes][0] ?? '';
  for (const f of known) if (!(prefix + f in files)) throw new ModelStoreError(zipPath, `archive has no ${f}`);
  await mkdir(staged);
  for (const f of known) await writeFile(join(staged, f), files[prefix + f]);
}

/** Gives a model a new display name (its folder, and so its id, stay); meta.json is replaced atomically. */
export async function renameModel(dir: string, name: string): Promise<ListedModel> {
  const target = resolve(dir);
  const meta = await readModelMeta(target);
  const renamed = parseModelMeta({ ...meta, name }, target);
  const tmp = siblingTempPath(join(target, MODEL_FILES.meta), 'renaming');
  try {
    await writeFile(tmp, JSON.stringify(renamed, null, 2) + '\n');
    await rename(tmp, join(target, MODEL_FILES.meta));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { dir: target, meta: renamed };
}
