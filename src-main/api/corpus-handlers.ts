/** corpus.* and clip.* requests: scanning opened folders and the clip inspector's analysis. */
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { AudioDecodeError } from '../core/audio';
import { scanCorpus, CorpusScanError, type Manifest } from '../core/dataset';
import { summarizeManifest } from '../core/dataset/corpus-summary';
import { listFolder } from '../core/dataset/folders';
import { expandUserPath } from '../core/user-path';
import { isInside } from './access';
import { analyseClip } from '../core/features/clip-analysis';
import { countEdge, throttleProgress } from '../core/jobs/throttle';
import type { Requests } from './contract';
import { ApiError } from './errors';
import type { ApiContext } from './context';

interface Scan {
  manifest: Manifest;
  seconds: number;
}

async function scan(ctx: ApiContext, root: string): Promise<Scan> {
  const started = performance.now();
  try {
    const manifest = await scanCorpus(root, {
      onProgress: throttleProgress((done: number, total: number) => ctx.emit('corpus.scanProgress', { root, done, total }), countEdge),
    });
    return { manifest, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    if (err instanceof CorpusScanError) throw new ApiError('failed', err.message);
    throw err;
  }
}

/** Scans started before the renderer asked (the startup corpus), used once by the first corpus.open of that root. */
const prefetched = new WeakMap<ApiContext, Map<string, Promise<Scan>>>();

/**
 * Starts scanning an already granted folder now, so that the renderer's first corpus.open of it
 * (at startup, while the page is still loading) finds the work done or under way.
 */
export function prefetchCorpus(ctx: ApiContext, root: string): void {
  const pending = scan(ctx, root);
  pending.catch(() => undefined); // reported by the corpus.open that takes it
  const map = prefetched.get(ctx) ?? new Map<string, Promise<Scan>>();
  map.set(root, pending);
  prefetched.set(ctx, map);
}

/** The last scan of each recently opened folder, so the split preview does not rescan on every settings change. */
const opened = new WeakMap<ApiContext, Map<string, Manifest>>();
const REMEMBERED_SCANS = 8;

function remember(ctx: ApiContext, root: string, manifest: Manifest): void {
  const map = opened.get(ctx) ?? new Map<string, Manifest>();
  map.delete(root);
  map.set(root, manifest);
  if (map.size > REMEMBERED_SCANS) map.delete(map.keys().next().value!);
  opened.set(ctx, map);
}

/** The manifest the last corpus.open of `root` produced (what the Corpus view shows), else a fresh scan. */
export async function manifestOf(ctx: ApiContext, root: string): Promise<Manifest> {
  return opened.get(ctx)?.get(root) ?? (await scan(ctx, root)).manifest;
}

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export function corpusHandlers(ctx: ApiContext): {
  'corpus.open': Handler<'corpus.open'>;
  'corpus.chooseFolder': Handler<'corpus.chooseFolder'>;
  'corpus.browse': Handler<'corpus.browse'>;
  'corpus.recent': Handler<'corpus.recent'>;
  'clip.features': Handler<'clip.features'>;
} {
  return {
    async 'corpus.open'({ path }) {
      // A typed path is granted only where the shell allows it (browser host); otherwise it must already be granted.
      const root = ctx.options.typedPathsGrantAccess
        ? await ctx.access.grant(expandUserPath(path, ctx.options.pathBase ?? process.cwd()))
        : await ctx.access.check(path);
      const early = prefetched.get(ctx)?.get(root);
      prefetched.get(ctx)?.delete(root);
      const { manifest, seconds } = await (early ?? scan(ctx, root));
      remember(ctx, root, manifest);
      if (!ctx.options.typedPathsGrantAccess) await ctx.access.grant(root);
      ctx.emit('corpus.scanProgress', { root, done: manifest.clips.length, total: manifest.clips.length });
      await ctx.state.addRecent(root).catch(() => undefined);
      ctx.onCorpusOpened?.(root);
      return summarizeManifest(manifest, seconds);
    },

    async 'corpus.chooseFolder'() {
      const dialogs = ctx.options.dialogs;
      if (!dialogs) throw new ApiError('unsupported', 'the browser host has no native folder dialog; type or paste the folder path instead');
      const chosen = await dialogs.chooseFolder();
      if (chosen === null) return { path: null };
      return { path: await ctx.access.grant(chosen) };
    },

    async 'corpus.browse'({ path }) {
      // Confined to the home folder and the folders opened already: the picker shows no more of the disk than that.
      const home = await realpath(homedir()).catch(() => homedir());
      const places = [home, ...ctx.access.grantedRoots.filter((r) => !isInside(home, r))];
      const wanted = path === undefined ? home : expandUserPath(path, ctx.options.pathBase ?? process.cwd());
      const target = await realpath(wanted).catch(() => null);
      if (target === null || !places.some((p) => isInside(p, target))) {
        throw new ApiError(
          'forbidden-path',
          `The folder picker shows only your home folder and the folders you opened; ${wanted} is outside them (type its path instead).`,
        );
      }
      const contents = await listFolder(target).catch((err: NodeJS.ErrnoException) => {
        throw new ApiError('failed', `${target} cannot be listed (${err.code === 'ENOTDIR' ? 'not a folder' : (err.code ?? err.message)})`);
      });
      const up = dirname(target);
      const parent = up !== target && places.some((p) => isInside(p, up)) ? up : null;
      return { path: target, parent, ...contents, places: places.map((p) => ({ label: p === home ? 'Home' : p, path: p })) };
    },

    async 'corpus.recent'() {
      return { recent: ctx.state.get().recent };
    },

    async 'clip.features'({ path }) {
      const file = await ctx.access.check(path);
      return analyseClip(file).catch((err: unknown) => {
        throw err instanceof AudioDecodeError ? new ApiError('failed', err.message) : err;
      });
    },
  };
}
