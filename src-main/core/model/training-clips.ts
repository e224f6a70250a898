/**
 * Which clips a model was trained on: scoring a model on them measures memory, not recognition
 * (on TESS, 0.96 where the validation clips give 0.93), so evaluation leaves them out by default.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ModelMeta } from './store-folder';

/** Every corpus the model was trained on (several when corpora were merged), with the convention it was scanned by. */
export function trainingCorpora(corpus: ModelMeta['corpus']): { root: string; convention?: string }[] {
  const listed = Array.isArray(corpus?.corpora) ? (corpus.corpora as { root?: unknown; convention?: unknown }[]) : [corpus ?? {}];
  return listed
    .filter((c): c is { root: string; convention?: unknown } => typeof c?.root === 'string')
    .map((c) => ({ root: resolve(c.root), ...(typeof c.convention === 'string' ? { convention: c.convention } : {}) }));
}

function trainingRoots(corpus: ModelMeta['corpus']): string[] {
  return trainingCorpora(corpus).map((c) => c.root);
}

/**
 * A test for "this clip was in the model's training part": inside a corpus folder it was trained
 * on, with a label it knows, and not one of its recorded validation clips. Undefined when the model
 * records no training corpus (then nothing can be told apart).
 */
export function trainingClipTest(meta: Pick<ModelMeta, 'corpus' | 'split' | 'labels'>): ((clip: { path: string; label: string }) => boolean) | undefined {
  const roots = trainingRoots(meta.corpus);
  const validation = meta.split.validationPaths;
  if (!roots.length || !Array.isArray(validation)) return undefined;
  const held = new Set(validation.map((p) => resolve(p)));
  const labels = new Set(meta.labels);
  return (clip) => {
    const path = resolve(clip.path);
    const inside = roots.some((root) => {
      const rel = relative(root, path);
      return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
    });
    return inside && labels.has(clip.label) && !held.has(path);
  };
}

/**
 * The clips to score: without `includeTraining`, those the model was trained on are left out (and counted),
 * as `ser evaluate` and the Evaluate view both do.
 */
export function withoutTrainingClips<C extends { path: string; label: string }>(
  meta: Pick<ModelMeta, 'corpus' | 'split' | 'labels'>,
  clips: C[],
  includeTraining = false,
): { clips: C[]; trainingClips: number } {
  const isTraining = trainingClipTest(meta);
  if (!isTraining) return { clips, trainingClips: 0 };
  const kept = clips.filter((c) => !isTraining(c));
  return { clips: includeTraining ? clips : kept, trainingClips: clips.length - kept.length };
}
