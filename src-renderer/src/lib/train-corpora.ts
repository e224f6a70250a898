// Training on more corpora than the open one: the label-map table's rows and its edits. Plain TypeScript, tested
// without a DOM; the merging itself is the host's (train.corpora), so the view shows what training will do.
import type { LabelMap, TrainCorpora } from '../../../src-main/api/contract';

export type TargetLabel = TrainCorpora['targets'][number];

/** One label of the corpora: its clips in each corpus, in all, and what it becomes (null: its clips are left out). */
export interface LabelRow {
  label: TargetLabel;
  perCorpus: number[];
  clips: number;
  becomes: TargetLabel | null;
}

export function labelRows(summary: TrainCorpora, map: LabelMap): LabelRow[] {
  return summary.sourceLabels.map((name) => {
    const label = name as TargetLabel;
    const perCorpus = summary.corpora.map((c) => c.labelCounts[label] ?? 0);
    const mapped = label in map ? map[label] : label;
    return { label, perCorpus, clips: perCorpus.reduce((a, b) => a + b, 0), becomes: mapped ?? null };
  });
}

/** The map with `label` sent to `target`: to itself drops the entry, null leaves its clips out. */
export function withTarget(map: LabelMap, label: TargetLabel, target: TargetLabel | null): LabelMap {
  const next: LabelMap = { ...map };
  if (target === label) delete next[label];
  else next[label] = target;
  return next;
}

/** Why training on these corpora with this map cannot start, or undefined. */
export function corporaProblem(summary: TrainCorpora): string | undefined {
  if (summary.labels.length < 2)
    return `With this label map the corpora have ${summary.labels.length === 0 ? 'no label' : `one label (${summary.labels[0]})`} left; training needs at least 2.`;
  return undefined;
}

/** A folder's own name, for the list and the table's columns. */
export function folderName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? root;
}
