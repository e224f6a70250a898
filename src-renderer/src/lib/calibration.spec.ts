import { describe, expect, it } from 'vitest';
import type { LiveNormalisation } from '../../../src-main/api/contract';
import {
  CALIBRATION_PROMPTS,
  CALIBRATION_TARGET_SECONDS,
  calibrationProgress,
  describePredictionNormalisation,
  describeSessionNormalisation,
  promptFor,
} from './calibration';

const needs = { seconds: 10, utterances: 3 };
const take = (seconds: number, i = 0) => ({ utteranceId: `u${i}`, seconds });

describe('calibration progress', () => {
  it('says what is missing until both the sentences and the speech are enough', () => {
    expect(calibrationProgress([], needs)).toMatchObject({ ready: false, utterances: 0, missing: 'Needs 3 more sentences and 10.0 s more speech.' });
    expect(calibrationProgress([take(6, 1), take(6, 2)], needs)).toMatchObject({ ready: false, missing: 'Needs 1 more sentence.' });
    expect(calibrationProgress([take(2, 1), take(2, 2), take(2, 3)], needs)).toMatchObject({ ready: false, missing: 'Needs 4.00 s more speech.' });
    const done = calibrationProgress([take(4, 1), take(3, 2), take(3, 3)], needs);
    expect(done).toMatchObject({ ready: true, missing: '', seconds: 10 });
    expect(done.fraction).toBeCloseTo(10 / CALIBRATION_TARGET_SECONDS);
    expect(calibrationProgress([take(40)], needs).fraction).toBe(1);
  });

  it('prompts one sentence after another, round again after the last', () => {
    expect(promptFor(0)).toBe(CALIBRATION_PROMPTS[0]);
    expect(promptFor(1)).toBe(CALIBRATION_PROMPTS[1]);
    expect(promptFor(CALIBRATION_PROMPTS.length)).toBe(CALIBRATION_PROMPTS[0]);
  });
});

describe('normalisation in words', () => {
  it('names whose statistics a prediction used', () => {
    expect(describePredictionNormalisation({ source: 'calibration', clips: 4 })).toMatch(/your calibration \(4 sentences\)/);
    expect(describePredictionNormalisation({ source: 'session', clips: 1 })).toMatch(/this session's statistics \(1 utterance\)/);
    expect(describePredictionNormalisation({ source: 'training', clips: 900 })).toMatch(/training voices/);
  });

  it("describes a session's calibration, or what stands in for it", () => {
    const base: LiveNormalisation = { sessionMinClips: 3, speaker: 'Ada', calibration: null, calibrationNeeds: needs };
    expect(describeSessionNormalisation(base)).toBe(
      "No calibration for Ada yet: predictions use this session's own statistics after 3 utterances, the training voices' until then.",
    );
    expect(describeSessionNormalisation({ ...base, speaker: null })).toMatch(/^No calibration yet:/);
    const calibrated = { ...base, calibration: { seconds: 23.5, utterances: 5, createdAt: '2026-12-03T12:00:00Z' } };
    expect(describeSessionNormalisation(calibrated)).toMatch(/^Using Ada's calibration: 5 sentences, 23.5 s, made /);
  });
});
