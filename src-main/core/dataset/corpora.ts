/**
 * Training on several corpora at once: their clips as one list, each speaker named with their corpus (so the
 * same code in two corpora is two people, and a speaker split keeps every speaker on one side across corpora),
 * and the labels mapped onto one set by a table (default: RAVDESS's calm is neutral).
 */
import { basename } from 'node:path';
import { canonicalLabel, compareLabels } from './labels';
import type { Clip, EmotionLabel, Manifest } from './types';

/** Label → label, or null to leave that label's clips out. */
export type LabelMap = Partial<Record<EmotionLabel, EmotionLabel | null>>;

/** What corpora merged with no map given use: calm (RAVDESS) is what the other corpora call neutral. */
export const DEFAULT_LABEL_MAP: Readonly<LabelMap> = Object.freeze({ calm: 'neutral' });

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

export interface MergedCorpora {
  clips: Clip[];
  corpora: { root: string; convention: string; clips: number }[];
  /** Clips whose label the map changed, by "from → to", and clips it left out, by label. */
  relabelled: Record<string, number>;
  dropped: Record<string, number>;
  speakers: string[];
}

/** Each corpus's name in speaker names: its convention, or its folder's name when two share one. */
function corpusTags(manifests: Manifest[]): string[] {
  const conventions = manifests.map((m) => m.corpus);
  return manifests.map((m, i) => (conventions.indexOf(m.corpus) === conventions.lastIndexOf(m.corpus) ? m.corpus : `${basename(m.root)}#${i + 1}`));
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

/** "calm → neutral 12; left out: boredom 4", for the training log ('' when the map changed nothing). */
export function describeRelabelling(m: Pick<MergedCorpora, 'relabelled' | 'dropped'>): string {
  const changed = Object.entries(m.relabelled).map(([k, n]) => `${k} ${n}`);
  const left = Object.entries(m.dropped)
    .sort(([a], [b]) => compareLabels(a, b))
    .map(([k, n]) => `${k} ${n}`);
  return [changed.join(', '), left.length ? `left out: ${left.join(', ')}` : ''].filter(Boolean).join('; ');
}
