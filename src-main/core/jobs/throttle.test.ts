import { afterEach, describe, expect, it, vi } from 'vitest';
import { countEdge, PROGRESS_INTERVAL_MS, throttleProgress } from './throttle';

afterEach(() => vi.useRealTimers());

describe('throttleProgress', () => {
  it('passes one call per interval, and always the final ones', () => {
    vi.useFakeTimers();
    const seen: number[] = [];
    const report = throttleProgress((done: number, _total: number) => seen.push(done), countEdge);
    for (let done = 0; done <= 97; done++) {
      report(done, 97);
      vi.advanceTimersByTime(PROGRESS_INTERVAL_MS / 10);
    }
    // 98 calls over ~10 intervals (the last one off the interval grid): the first, about one per interval, and the last.
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(97);
    expect(seen.length).toBeGreaterThanOrEqual(10);
    expect(seen.length).toBeLessThanOrEqual(13);
  });
});
