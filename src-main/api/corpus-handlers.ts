/** corpus.* and clip.* requests: scanning opened folders and the clip inspector's analysis. */
import { decodeAudioFileRange, AudioDecodeError } from '../core/audio';
import { scanCorpus, CorpusScanError, EMOTION_LABELS, type Manifest } from '../core/dataset';
import { frameDescriptors, mfcc } from '../core/features';
import { ApiError, type ClipFeatures, type CorpusView, type Requests } from './contract';
import type { ApiContext } from './context';

/** Longest stretch of a clip the inspector analyses (bounds the work and the allocation). */
export const MAX_INSPECT_SECONDS = 60;
const SEED_OFFSET = 0.5;
const SEED_DURATION = 3;

export function toCorpusView(m: Manifest, scanSeconds: number): CorpusView {
  const speakerLabelCounts: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const c of m.clips) {
    const row = (speakerLabelCounts[c.speaker] ??= {});
    row[c.label] = (row[c.label] ?? 0) + 1;
    total += c.durationSeconds;
  }
  const present = new Set(m.clips.map((c) => c.label as string));
  const canonical = (EMOTION_LABELS as string[]).filter((l) => present.has(l));
  const others = [...present].filter((l) => !canonical.includes(l)).sort();
  return {
    root: m.root,
    corpus: m.corpus,
    clips: m.clips,
    problems: m.problems,
    duplicates: m.duplicates,
    speakers: m.speakers,
    labels: [...canonical, ...others],
    labelCounts: m.labelCounts,
    speakerLabelCounts,
    totalDurationSeconds: total,
    scannedAt: m.scannedAt,
    scanSeconds,
  };
}

interface Scan { manifest: Manifest; seconds: number }

async function scan(ctx: ApiContext, root: string): Promise<Scan> {
  const started = performance.now();
  try {
    const manifest = await scanCorpus(root, {
      onProgress: throttle((done, total) => ctx.emit('corpus.scanProgress', { root, done, total })),
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

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export function corpusHandlers(ctx: ApiContext): {
  'corpus.open': Handler<'corpus.open'>;
  'corpus.chooseFolder': Handler<'corpus.chooseFolder'>;
  'corpus.recent': Handler<'corpus.recent'>;
  'clip.features': Handler<'clip.features'>;
} {
  return {
    async 'corpus.open'({ path }) {
      // A typed path is granted only where the shell allows it (browser host); otherwise it must already be granted.
      const root = ctx.options.typedPathsGrantAccess ? await ctx.access.grant(path) : await ctx.access.check(path);
      const early = prefetched.get(ctx)?.get(root);
      prefetched.get(ctx)?.delete(root);
      const { manifest, seconds } = await (early ?? scan(ctx, root));
      if (!ctx.options.typedPathsGrantAccess) await ctx.access.grant(root);
      ctx.emit('corpus.scanProgress', { root, done: manifest.clips.length, total: manifest.clips.length });
      await ctx.state.addRecent(root).catch(() => undefined);
      ctx.onCorpusOpened?.(root);
      return toCorpusView(manifest, seconds);
    },

    async 'corpus.chooseFolder'() {
      const dialogs = ctx.options.dialogs;
      if (!dialogs) throw new ApiError('unsupported', 'the browser host has no native folder dialog; type or paste the folder path instead');
      const chosen = await dialogs.chooseFolder();
      if (chosen === null) return { path: null };
      return { path: await ctx.access.grant(chosen) };
    },

    async 'corpus.recent'() {
      return { recent: ctx.state.get().recent };
    },

    async 'clip.features'({ path }) {
      const file = await ctx.access.check(path);
      return analyseClip(file);
    },
  };
}

/** MFCC [40 × T] at the clip's own rate, meyda descriptors, and the seed window, for the inspector. */
export async function analyseClip(file: string): Promise<ClipFeatures> {
  let audio;
  try {
    audio = await decodeAudioFileRange(file, (info) => ({ maxFrames: Math.round(MAX_INSPECT_SECONDS * info.sampleRate) }));
  } catch (err) {
    if (err instanceof AudioDecodeError) throw new ApiError('failed', err.message);
    throw err;
  }
  const sr = audio.sampleRate;
  const y = audio.samples;
  const m = mfcc(y, sr, { nMfcc: 40 });
  const d = frameDescriptors(y, sr);
  const duration = audio.durationSeconds;
  return {
    path: file,
    sampleRate: sr,
    durationSeconds: duration,
    mfcc: { shape: [m.shape[0], m.shape[1]], data: Array.from(m.data, round4) },
    mfccHopSeconds: 512 / sr,
    descriptors: {
      hopSeconds: d.hopSeconds,
      rms: Array.from(d.rms, round4),
      zcr: Array.from(d.zcr, round4),
      centroid: Array.from(d.centroid, round4),
      flatness: Array.from(d.flatness, round4),
      rolloff: Array.from(d.rolloff, round4),
    },
    seedWindow: { startSeconds: Math.min(SEED_OFFSET, duration), endSeconds: Math.min(SEED_OFFSET + SEED_DURATION, duration) },
  };
}

/** Four significant decimals are plenty for drawing and keep the JSON small. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** At most ~20 progress events a second; the final count is always sent by the caller. */
function throttle(fn: (done: number, total: number) => void): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done === 0 || now - last >= 50) {
      last = now;
      fn(done, total);
    }
  };
}
