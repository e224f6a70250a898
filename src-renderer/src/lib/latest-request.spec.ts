import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestRequest, type Latest } from './latest-request';

/** A fetch whose answers the test hands out, and what was asked of it. */
function answers() {
  const pending = new Map<string, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const asked: string[] = [];
  const fetchOf = (key: string) => () =>
    new Promise<string>((resolve, reject) => {
      asked.push(key);
      pending.set(key, { resolve, reject });
    });
  return { pending, asked, fetchOf };
}

describe('LatestRequest', () => {
  let states: Latest<string>[];
  let req: LatestRequest<string>;
  beforeEach(() => {
    vi.useFakeTimers();
    states = [];
    req = new LatestRequest<string>(
      300,
      (s) => states.push(s),
      (e) => `failed: ${(e as Error).message}`,
    );
  });
  afterEach(() => vi.useRealTimers());
  const last = () => states.at(-1);

  it('asks once, after the delay, for the last of quick changes', async () => {
    const a = answers();
    req.ask('a', a.fetchOf('a'));
    req.ask('b', a.fetchOf('b'));
    expect(last()).toEqual({ status: 'loading', key: 'b' });
    await vi.advanceTimersByTimeAsync(299);
    expect(a.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.asked).toEqual(['b']);
    a.pending.get('b')!.resolve('B');
    await vi.runAllTimersAsync();
    expect(last()).toEqual({ status: 'ready', key: 'b', value: 'B' });
  });

  it('the same key again while it waits neither restarts nor cancels it', async () => {
    const a = answers();
    req.ask('a', a.fetchOf('a'));
    await vi.advanceTimersByTimeAsync(200);
    req.ask('a', a.fetchOf('a'));
    await vi.advanceTimersByTimeAsync(100);
    expect(a.asked).toEqual(['a']);
    a.pending.get('a')!.resolve('A');
    await vi.runAllTimersAsync();
    expect(last()).toEqual({ status: 'ready', key: 'a', value: 'A' });
  });

  it('drops an answer to a question no longer the latest, and any answer after clear', async () => {
    const a = answers();
    req.ask('a', a.fetchOf('a'));
    await vi.advanceTimersByTimeAsync(300);
    req.ask('b', a.fetchOf('b'));
    a.pending.get('a')!.resolve('A');
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({ status: 'loading', key: 'b' });
    await vi.advanceTimersByTimeAsync(300);
    req.clear();
    a.pending.get('b')!.reject(new Error('late'));
    await vi.runAllTimersAsync();
    expect(last()).toEqual({ status: 'idle' });
  });

  it('an error says what describe makes of it; asking again after clear asks again', async () => {
    const a = answers();
    req.ask('a', a.fetchOf('a'));
    await vi.advanceTimersByTimeAsync(300);
    a.pending.get('a')!.reject(new Error('no corpus'));
    await vi.runAllTimersAsync();
    expect(last()).toEqual({ status: 'error', key: 'a', message: 'failed: no corpus' });
    req.clear();
    req.ask('a', a.fetchOf('a'));
    await vi.advanceTimersByTimeAsync(300);
    expect(a.asked).toEqual(['a', 'a']);
  });
});
