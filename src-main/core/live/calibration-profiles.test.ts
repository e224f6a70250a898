import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_SPEC, type FeatureSpec } from '../features';
import {
  CalibrationError,
  checkCalibrationAmount,
  forgetCalibration,
  calibrationProfile,
  loadCalibration,
  MIN_CALIBRATION_SECONDS,
  MIN_CALIBRATION_UTTERANCES,
  saveCalibration,
  startingNormalisation,
  withCalibration,
} from './calibration-profiles';

const stats = { mean: [1, 2], std: [0.5, 0.25], clips: 4 };
const made = { stats, seconds: 21.5, utterances: 4 };
const norm = { sessionMinClips: 3, channels: 2 };
const otherSpec: FeatureSpec = { kind: 'meyda-mfcc', sampleRate: 16000, nMfcc: 13, bufferSize: 512, hop: 256 };

describe('calibration profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ser-profiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses too little speech, saying how much there was', () => {
    expect(() => checkCalibrationAmount(30, MIN_CALIBRATION_UTTERANCES - 1)).toThrow(CalibrationError);
    expect(() => checkCalibrationAmount(MIN_CALIBRATION_SECONDS - 0.5, 5)).toThrow(/9\.5 s/);
    expect(() => checkCalibrationAmount(MIN_CALIBRATION_SECONDS, MIN_CALIBRATION_UTTERANCES)).not.toThrow();
  });

  it("are kept per speaker and feature spec, and start that speaker's next sessions", async () => {
    const needs = { seconds: MIN_CALIBRATION_SECONDS, utterances: MIN_CALIBRATION_UTTERANCES };
    const before = { sessionMinClips: 3, speaker: null, calibration: null, calibrationNeeds: needs };
    const profile = calibrationProfile('Ada', SEED_SPEC, made);
    await saveCalibration(dir, profile, SEED_SPEC);
    const after = withCalibration({ ...before, problem: 'an old one was damaged' }, profile);
    expect(after).toEqual({ ...before, speaker: 'Ada', calibration: { seconds: 21.5, utterances: 4, createdAt: profile.createdAt } });
    expect(await loadCalibration(dir, 'Ada', SEED_SPEC, 2)).toMatchObject({ speaker: 'Ada', stats, utterances: 4 });
    expect(await loadCalibration(dir, 'Ada', otherSpec, 2)).toBeUndefined();
    expect(await loadCalibration(dir, 'Bob', SEED_SPEC, 2)).toBeUndefined();
    expect(await startingNormalisation(dir, ' Ada ', SEED_SPEC, norm)).toEqual({ normalisation: after, stats });
    expect(await startingNormalisation(dir, undefined, SEED_SPEC, norm)).toEqual({ normalisation: before });
    // Only the profile: the temp file of the atomic write is gone.
    expect(readdirSync(join(dir, 'Ada', '.calibration'))).toHaveLength(1);
  });

  it('name a damaged or mismatched file, and a session starts without it', async () => {
    await saveCalibration(dir, calibrationProfile('Cy', SEED_SPEC, made), SEED_SPEC);
    const [file] = readdirSync(join(dir, 'Cy', '.calibration'));
    const path = join(dir, 'Cy', '.calibration', file);
    await expect(loadCalibration(dir, 'Cy', SEED_SPEC, 3)).rejects.toThrow(/damaged/);
    writeFileSync(path, 'not json');
    await expect(loadCalibration(dir, 'Cy', SEED_SPEC, 2)).rejects.toThrow(new RegExp(`${file}.*damaged`));
    const start = await startingNormalisation(dir, 'Cy', SEED_SPEC, norm);
    expect(start.stats).toBeUndefined();
    expect(start.normalisation.problem).toMatch(/damaged and was not used/);
    expect((await startingNormalisation(dir, '../up', SEED_SPEC, norm)).normalisation.problem).toMatch(/may only hold/);
  });

  it('are forgotten once', async () => {
    expect(await forgetCalibration(dir, 'Ada', SEED_SPEC)).toBe(true);
    expect(await forgetCalibration(dir, 'Ada', SEED_SPEC)).toBe(false);
    expect(await loadCalibration(dir, 'Ada', SEED_SPEC, 2)).toBeUndefined();
  });
});
