/** One canonical emotion label set, and the aliases that map each corpus's names onto it. */
import type { EmotionLabel } from './types';

export const EMOTION_LABELS: EmotionLabel[] = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise', 'boredom'];

// Words and multi-letter codes only: single letters mean different things per corpus
// (SAVEE 'a' is anger, EmoDB 'A' is fear), so those live in each corpus's own code table.
const ALIASES: Record<string, EmotionLabel> = {
  neutral: 'neutral',
  neu: 'neutral',
  neutrality: 'neutral',
  calm: 'calm',
  calmness: 'calm',
  happy: 'happy',
  happiness: 'happy',
  hap: 'happy',
  joy: 'happy',
  joyful: 'happy',
  sad: 'sad',
  sadness: 'sad',
  sa: 'sad',
  angry: 'angry',
  anger: 'angry',
  ang: 'angry',
  fear: 'fear',
  fearful: 'fear',
  fea: 'fear',
  afraid: 'fear',
  scared: 'fear',
  disgust: 'disgust',
  disgusted: 'disgust',
  dis: 'disgust',
  surprise: 'surprise',
  surprised: 'surprise',
  sur: 'surprise',
  su: 'surprise',
  ps: 'surprise',
  pleasant_surprise: 'surprise',
  pleasant_surprised: 'surprise',
  pleasantly_surprised: 'surprise',
  boredom: 'boredom',
  bored: 'boredom',
  boring: 'boredom',
};

/** The canonical label for a label name or alias (case, spaces and hyphens ignored), or undefined. */
export function canonicalLabel(raw: string): EmotionLabel | undefined {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
}

/** Orders label-keyed counts by the canonical order, so output is stable. */
export function compareLabels(a: string, b: string): number {
  const ia = EMOTION_LABELS.indexOf(a as EmotionLabel);
  const ib = EMOTION_LABELS.indexOf(b as EmotionLabel);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Clips per label, keyed in the canonical order (compareLabels). */
export function countLabels(clips: Iterable<{ label: string }>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const c of clips) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => compareLabels(a[0], b[0])));
}
