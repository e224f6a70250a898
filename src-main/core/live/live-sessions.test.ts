import { describe, expect, it } from 'vitest';
import { LiveSessions } from './live-sessions';
import { DEFAULT_LIVE_OPTIONS } from './live-stream';
import type { VadModel } from './silero-vad';

/** A detector factory that counts what it made and answers after a tick, like loading the runtime. */
function countingVads() {
  const made = { count: 0 };
  const newVad = async (): Promise<VadModel> => {
    made.count++;
    await new Promise((r) => setTimeout(r, 5));
    return { process: async () => ({ isSpeech: 0, notSpeech: 1 }), reset: () => undefined };
  };
  return { made, newVad };
}
const noPredict = async () => {
  throw new Error('no prediction expected');
};

describe('LiveSessions', () => {
  it('makes one detector for prepare calls at once, and start then uses it', async () => {
    const { made, newVad } = countingVads();
    const sessions = new LiveSessions(newVad, () => undefined);
    await Promise.all([sessions.prepare(), sessions.prepare(), sessions.prepare()]);
    expect(made.count).toBe(1);
    await sessions.start('a', 16000, noPredict, DEFAULT_LIVE_OPTIONS);
    expect(made.count).toBe(1);
  });

  it('refuses a second start of the same session made while the first was loading, and keeps the first', async () => {
    const { made, newVad } = countingVads();
    const sessions = new LiveSessions(newVad, () => undefined);
    const results = await Promise.allSettled([
      sessions.start('a', 16000, noPredict, DEFAULT_LIVE_OPTIONS),
      sessions.start('a', 16000, noPredict, DEFAULT_LIVE_OPTIONS),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(/already running/);
    expect(sessions.stop('a')).toBe(true);
    expect(sessions.stop('a')).toBe(false);
    // The refused start's detector went back to the idle ones: the next session makes none.
    await sessions.start('b', 16000, noPredict, DEFAULT_LIVE_OPTIONS);
    expect(made.count).toBe(2);
  });
});
