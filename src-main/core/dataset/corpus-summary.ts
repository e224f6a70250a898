/** What the Corpus view shows of a scanned folder: the manifest plus counts per label and speaker. */
import { EMOTION_LABELS } from './labels';
import type { Manifest } from './types';

/** The manifest plus what the view draws from it. */
export interface CorpusSummary extends Manifest {
  /** Labels present, in the canonical emotion order (labels outside it after, sorted). */
  labels: string[];
  /** speaker → label → clip count (for the per-speaker bar chart). */
  speakerLabelCounts: Record<string, Record<string, number>>;
  totalDurationSeconds: number;
  scanSeconds: number;
}

export function summarizeManifest(m: Manifest, scanSeconds: number): CorpusSummary {
  const speakerLabelCounts: Record<string, Record<string, number>> = {};
  let total = 0;
  for (const c of m.clips) {
    const row = (speakerLabelCounts[c.speaker] ??= {});
    row[c.label] = (row[c.label] ?? 0) + 1;
    total += c.durationSeconds;
  }
  return { ...m, labels: orderLabels(m.clips.map((c) => c.label)), speakerLabelCounts, totalDurationSeconds: total, scanSeconds };
}

/** Distinct labels in the canonical emotion order; labels outside it follow, sorted. */
export function orderLabels(labels: Iterable<string>): string[] {
  const present = new Set(labels);
  const canonical = (EMOTION_LABELS as string[]).filter((l) => present.has(l));
  const others = [...present].filter((l) => !canonical.includes(l)).sort();
  return [...canonical, ...others];
}
