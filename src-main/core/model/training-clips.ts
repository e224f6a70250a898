/**
 * Which clips a model was trained on: scoring a model on them measures memory, not recognition
 * (on TESS, 0.96 where the validation clips give 0.93), so evaluation leaves them out by default.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ModelMeta } from './store-folder';

/**
 * A test for "this clip was in the model's training part": inside the corpus folder it was trained
 * on, with a label it knows, and not one of its recorded validation clips. Undefined when the model
 * records no training corpus (then nothing can be told apart).
 */
export function trainingClipTest(meta: Pick<ModelMeta, 'corpus' | 'split' | 'labels'>): ((clip: { path: string; label: string }) => boolean) | undefined {
  const root = typeof meta.corpus?.root === 'string' ? resolve(meta.corpus.root) : undefined;
  const validation = meta.split.validationPaths;
  if (!root || !Array.isArray(validation)) return undefined;
  const held = new Set(validation.map((p) => resolve(p)));
  const labels = new Set(meta.labels);
  return (clip) => {
    const path = resolve(clip.path);
    const rel = relative(root, path);
    const inside = rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
    return inside && labels.has(clip.label) && !held.has(path);
  };
}
