import { describe, expect, it } from 'vitest';
import { captureProblem, sampleRateProblem } from './live-errors';

const domError = (name: string, message = '') => Object.assign(new Error(message), { name });

describe('capture problems', () => {
  it('names a denied permission and says how to allow it', () => {
    const p = captureProblem(domError('NotAllowedError', 'Permission denied'));
    expect(p.kind).toBe('denied');
    expect(p.message).toMatch(/Allow the microphone/);
  });

  it('tells a missing device and a busy one apart', () => {
    expect(captureProblem(domError('NotFoundError')).kind).toBe('no-device');
    expect(captureProblem(domError('OverconstrainedError')).kind).toBe('no-device');
    expect(captureProblem(domError('NotReadableError')).kind).toBe('busy');
  });

  it("passes anything else on with the browser's own words", () => {
    const p = captureProblem(domError('TypeError', 'addModule failed'));
    expect(p.kind).toBe('other');
    expect(p.message).toBe('addModule failed');
    expect(captureProblem('odd').message).toBe('odd');
  });

  it('accepts 16–192 kHz and refuses other rates with the rate in the message', () => {
    expect(sampleRateProblem(16000)).toBeUndefined();
    expect(sampleRateProblem(48000)).toBeUndefined();
    expect(sampleRateProblem(192000)).toBeUndefined();
    expect(sampleRateProblem(8000)?.message).toMatch(/8000 Hz/);
    expect(sampleRateProblem(384000)?.kind).toBe('sample-rate');
  });
});
