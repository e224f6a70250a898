// Aggregates for the corpus summary and the clips-per-label chart.

// Display order of the canonical emotion labels (the dataset module's EMOTION_LABELS); others follow alphabetically.
const LABEL_ORDER = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise', 'boredom'];

export function orderLabels(labels: Iterable<string>): string[] {
  const rank = (l: string): number => {
    const i = LABEL_ORDER.indexOf(l);
    return i < 0 ? LABEL_ORDER.length : i;
  };
  return [...new Set(labels)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface LabelSpeakerCounts {
  labels: string[];
  speakers: string[];
  /** counts[s][l]: clips of speaker s with label l. */
  counts: number[][];
}

/** Dense speaker × label counts from the api's nested record (missing pairs are 0). */
export function labelSpeakerMatrix(labels: readonly string[], speakers: readonly string[], nested: Record<string, Record<string, number>>): LabelSpeakerCounts {
  const ordered = orderLabels(labels);
  const sortedSpeakers = [...speakers].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const counts = sortedSpeakers.map((s) => ordered.map((l) => nested[s]?.[l] ?? 0));
  return { labels: ordered, speakers: sortedSpeakers, counts };
}

// A categorical palette readable on light and dark backgrounds (Tableau 10).
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function seriesColor(index: number): string {
  const base = PALETTE[index % PALETTE.length]!;
  if (index < PALETTE.length) return base;
  // Past ten series, vary the lightness so neighbours still differ.
  const alpha = ['cc', '99', '66'][Math.floor(index / PALETTE.length - 1) % 3];
  return `${base}${alpha}`;
}
