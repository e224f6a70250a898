/**
 * Training on several corpora at once: their clips as one list, each speaker named with their corpus (so the
 * same code in two corpora is two people, and a speaker split keeps every speaker on one side across corpora),
 * and the labels mapped onto one set by a table (default: RAVDESS's calm is neutral).
 */
import { z } from 'zod';
import { canonicalLabel, compareLabels, countLabels, EMOTION_LABELS } from './labels';
import type { Clip, EmotionLabel, Manifest } from './types';

/** Label → label, or null to leave that label's clips out. */
export type LabelMap = Partial<Record<EmotionLabel, EmotionLabel | null>>;

/** What corpora merged with no map given use: calm (RAVDESS) is what the other corpora call neutral. */
export const DEFAULT_LABEL_MAP: Readonly<LabelMap> = Object.freeze({ calm: 'neutral' });

/** A label map as requests carry it (the api's and the training job's checks). */
export const labelMapSchema = z.partialRecord(z.enum(EMOTION_LABELS), z.enum(EMOTION_LABELS).nullable());

/** At most this many corpora in one training run. */
export const MAX_CORPORA = 16;

export class LabelMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelMapError';
  }
}

/** "calm=neutral,boredom=" (an empty right side leaves the label out); names and aliases as the corpora spell them. */
export function parseLabelMap(text: string): LabelMap {
  const map: LabelMap = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    const [from, to, extra] = part.split('=').map((s) => s.trim());
    if (to === undefined || extra !== undefined) throw new LabelMapError(`'${part}' is not label=label (or label= to leave it out)`);
    const source = canonicalLabel(from!);
    if (!source) throw new LabelMapError(`'${from}' is not an emotion label`);
    const target = to === '' ? null : canonicalLabel(to);
    if (target === undefined) throw new LabelMapError(`'${to}' is not an emotion label`);
    if (source in map) throw new LabelMapError(`${source} is mapped twice`);
    map[source] = target;
  }
  return map;
}

/** The map as `--label-map` takes it (parseLabelMap reads it back): "calm=neutral,boredom=". */
export function formatLabelMap(map: LabelMap): string {
  return Object.entries(map)
    .map(([from, to]) => `${from}=${to ?? ''}`)
    .join(',');
}

/** Why these folders cannot be trained on together (one named twice, paths compared as given), or undefined. */
export function repeatedCorpusError(dirs: readonly string[]): string | undefined {
  const twice = dirs.find((d, i) => dirs.indexOf(d) !== i);
  return twice === undefined ? undefined : `the corpus folder ${twice} is given twice`;
}

export interface MergedCorpora {
  clips: Clip[];
  corpora: { root: string; convention: string; clips: number }[];
  /** Clips whose label the map changed, by "from → to", and clips it left out, by label. */
  relabelled: Record<string, number>;
  dropped: Record<string, number>;
  speakers: string[];
}

/** The last part of a POSIX or Windows path (this file stays free of Node so the renderer can name its types). */
function folderName(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? root;
}

/** Each corpus's name in speaker names: its convention, or its folder's name when two share one. */
function corpusTags(manifests: Manifest[]): string[] {
  const conventions = manifests.map((m) => m.corpus);
  return manifests.map((m, i) => (conventions.indexOf(m.corpus) === conventions.lastIndexOf(m.corpus) ? m.corpus : `${folderName(m.root)}#${i + 1}`));
}

export function mergeCorpora(manifests: Manifest[], map: LabelMap = DEFAULT_LABEL_MAP): MergedCorpora {
  const tags = corpusTags(manifests);
  const several = manifests.length > 1;
  const relabelled: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  const clips: Clip[] = [];
  manifests.forEach((m, i) => {
    for (const clip of m.clips) {
      const mapped = clip.label in map ? map[clip.label] : clip.label;
      if (mapped === null || mapped === undefined) {
        dropped[clip.label] = (dropped[clip.label] ?? 0) + 1;
        continue;
      }
      if (mapped !== clip.label) relabelled[`${clip.label} → ${mapped}`] = (relabelled[`${clip.label} → ${mapped}`] ?? 0) + 1;
      clips.push({ ...clip, label: mapped, speaker: several ? `${tags[i]}/${clip.speaker}` : clip.speaker });
    }
  });
  return {
    clips,
    corpora: manifests.map((m) => ({ root: m.root, convention: m.corpus, clips: m.clips.length })),
    relabelled,
    dropped,
    speakers: [...new Set(clips.map((c) => c.speaker))].sort(),
  };
}

/**
 * The clips a run trains on (the training worker's and the split preview's one rule): one corpus as scanned,
 * unless a label map is given; several corpora merged, with the default map when none is given.
 */
export function trainingCorpus(manifests: Manifest[], map?: LabelMap): { clips: Clip[]; speakers: string[]; merged?: MergedCorpora } {
  if (manifests.length === 1 && !map) return { clips: manifests[0]!.clips, speakers: manifests[0]!.speakers };
  const merged = mergeCorpora(manifests, map);
  return { clips: merged.clips, speakers: merged.speakers, merged };
}

/** "calm → neutral 12; left out: boredom 4", for the training log ('' when the map changed nothing). */
export function describeRelabelling(m: Pick<MergedCorpora, 'relabelled' | 'dropped'>): string {
  const changed = Object.entries(m.relabelled).map(([k, n]) => `${k} ${n}`);
  const left = Object.entries(m.dropped)
    .sort(([a], [b]) => compareLabels(a, b))
    .map(([k, n]) => `${k} ${n}`);
  return [changed.join(', '), left.length ? `left out: ${left.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** What the Train view shows of several corpora before training: each corpus's labels, the map, and the merged set. */
export interface CorporaSummary {
  corpora: { root: string; convention: string; clips: number; speakers: number; labelCounts: Record<string, number> }[];
  /** Every label some corpus has, before mapping, in the canonical order. */
  sourceLabels: string[];
  /** The map applied: the one asked for, else DEFAULT_LABEL_MAP. */
  labelMap: LabelMap;
  /** The labels a label may be mapped onto. */
  targets: EmotionLabel[];
  /** After mapping: clips per label, in the canonical order, and the speakers as training names them. */
  labelCounts: Record<string, number>;
  labels: string[];
  speakers: string[];
  clips: number;
  relabelled: Record<string, number>;
  dropped: Record<string, number>;
  /** What the map did, as the training log says it ('' for nothing). */
  relabelling: string;
}

export function summarizeCorpora(manifests: Manifest[], map: LabelMap = DEFAULT_LABEL_MAP): CorporaSummary {
  const merged = mergeCorpora(manifests, map);
  const labelCounts = countLabels(merged.clips);
  const sourceLabels = [...new Set(manifests.flatMap((m) => m.clips.map((c) => c.label)))].sort(compareLabels);
  return {
    corpora: manifests.map((m) => ({
      root: m.root,
      convention: m.corpus,
      clips: m.clips.length,
      speakers: m.speakers.length,
      labelCounts: m.labelCounts,
    })),
    sourceLabels,
    labelMap: { ...map },
    targets: [...EMOTION_LABELS],
    labelCounts,
    labels: Object.keys(labelCounts),
    speakers: merged.speakers,
    clips: merged.clips.length,
    relabelled: merged.relabelled,
    dropped: merged.dropped,
    relabelling: describeRelabelling(merged),
  };
}
