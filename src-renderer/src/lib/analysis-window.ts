// The span of a clip the seed feature reads. Core defines it (librosa.load offset + duration) and the host
// sends it with the clip's analysis (`ClipFeatures.seedWindow`); the renderer only converts it for drawing.
import type { ClipFeatures } from '../../../src-main/api/contract';

export interface TimeSpan {
  start: number;
  end: number;
}

/** The seed window as a span to draw, or undefined when it is empty (the clip ends before the window starts). */
export function seedWindowSpan(window: ClipFeatures['seedWindow']): TimeSpan | undefined {
  const { startSeconds: start, endSeconds: end } = window;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return undefined;
  return { start, end };
}
