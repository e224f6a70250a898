/** Progress throttling: one rule for every stream of progress that reaches a person (scan, features, batches). */

/** At most ~20 updates a second: smooth to watch, cheap to send and draw. */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Wraps `report` so it passes at most once per interval; calls that `isFinal` marks (the first or
 * last of a count, the last batch of an epoch) always pass, so the final state is never dropped.
 */
export function throttleProgress<A extends unknown[]>(
  report: (...args: A) => void,
  isFinal: (...args: A) => boolean,
  intervalMs = PROGRESS_INTERVAL_MS,
): (...args: A) => void {
  let last = -Infinity;
  return (...args: A) => {
    const now = performance.now();
    if (!isFinal(...args) && now - last < intervalMs) return;
    last = now;
    report(...args);
  };
}

/** A done/total count's edges: the first and the last always pass. */
export const countEdge = (done: number, total: number): boolean => done === 0 || done >= total;
