/**
 * Path confinement: the renderer may only name files inside folders the user opened (native dialog,
 * a typed path the host checked, or the command line). Paths are compared after realpath, so `..`
 * segments and symlinks cannot step outside an opened folder.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ApiError } from './errors';

/** True when `target` is `root` or lies below it (both already resolved). */
export function isInside(root: string, target: string): boolean {
  if (target === root) return true;
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}

async function real(path: string): Promise<string> {
  // Node refuses NUL bytes with a message that quotes its own internals; say it plainly first.
  if (path.includes('\0')) throw new ApiError('invalid-args', 'a path cannot contain a NUL character');
  try {
    return await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not-found', `${path} does not exist`);
    if (code === 'EACCES' || code === 'EPERM') throw new ApiError('failed', `${path} cannot be read (permission denied)`);
    if (code === 'ENAMETOOLONG') throw new ApiError('invalid-args', 'the path is too long for this system');
    if (code === 'ELOOP') throw new ApiError('failed', `${path} cannot be opened: a symbolic link loop`);
    throw new ApiError('failed', `${path} cannot be opened (${code ?? 'unexpected error'})`);
  }
}

export class CorpusAccess {
  /** Real paths of the granted folders, in the order they were granted. */
  private readonly roots: string[] = [];

  get grantedRoots(): readonly string[] {
    return this.roots;
  }

  /** Grants access to a folder; throws not-found / failed (not a folder). Returns its real path. */
  async grant(dir: string): Promise<string> {
    if (!isAbsolute(dir)) throw new ApiError('invalid-args', `${dir} is not an absolute path`);
    const root = await real(resolve(dir));
    // Scanning a whole file system is never what was meant, and would take minutes.
    if (dirname(root) === root) throw new ApiError('invalid-args', `${dir} is the root of the file system; choose the corpus folder itself`);
    const info = await stat(root);
    if (!info.isDirectory()) throw new ApiError('failed', `${dir} is not a folder`);
    if (!this.roots.includes(root)) this.roots.push(root);
    return root;
  }

  /** True when the (already real) path lies inside a granted folder. */
  isGranted(realPath: string): boolean {
    return this.roots.some((root) => isInside(root, realPath));
  }

  /**
   * Resolves a path the renderer named and checks it lies inside a granted folder.
   * Throws forbidden-path otherwise (also for paths that do not exist, so existence does not leak
   * outside the opened folders), and returns the real path.
   */
  async check(path: string): Promise<string> {
    if (typeof path !== 'string' || !isAbsolute(path)) throw new ApiError('invalid-args', `${String(path)} is not an absolute path`);
    const lexical = resolve(path);
    if (!this.isGranted(lexical)) {
      // A symlinked root (e.g. /tmp → /private/tmp) may still contain it: decide on the real path.
      const target = await realOrNull(lexical);
      if (target === null || !this.isGranted(target)) throw forbidden(path);
      return target;
    }
    const target = await real(lexical);
    if (!this.isGranted(target)) throw forbidden(path);
    return target;
  }
}

async function realOrNull(path: string): Promise<string | null> {
  if (path.includes('\0')) throw new ApiError('invalid-args', 'a path cannot contain a NUL character');
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}

function forbidden(path: string): ApiError {
  return new ApiError('forbidden-path', `${path} is outside the folders you opened; open its folder first`);
}
