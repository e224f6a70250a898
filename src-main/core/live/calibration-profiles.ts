/**
 * A speaker's calibration: the statistics of their own neutral sentences under one feature spec, kept
 * beside their recordings (`<recordings>/<speaker>/.calibration/<spec key>.json`; the scanner skips
 * hidden folders), so a per-speaker normalised model uses them in every session after, not only in the
 * one that recorded them. Models with the same feature spec share a profile: the statistics are of the
 * features, not of a model.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write';
import { featureSpecKey, type FeatureSpec } from '../features';
import { parseFeatureStats, type FeatureStats, type LiveNormalisation } from '../model/normalise';
import { checkSpeakerName } from './recordings';

/** Less speech than this gives statistics too noisy to trust (the prompts ask for about 20–30 s). */
export const MIN_CALIBRATION_SECONDS = 10;
export const MIN_CALIBRATION_UTTERANCES = 3;
const CALIBRATION_NEEDS = Object.freeze({ seconds: MIN_CALIBRATION_SECONDS, utterances: MIN_CALIBRATION_UTTERANCES });

export interface CalibrationProfile {
  speaker: string;
  featureSpec: string;
  stats: FeatureStats;
  /** Seconds of speech and utterances the statistics came from. */
  seconds: number;
  utterances: number;
  createdAt: string;
}

export class CalibrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalibrationError';
  }
}

const profileSchema = z.strictObject({
  speaker: z.string(),
  featureSpec: z.string(),
  stats: z.unknown(),
  seconds: z.number().nonnegative(),
  utterances: z.int().min(1),
  createdAt: z.string(),
});

const profileFile = (recordingsDir: string, speaker: string, spec: FeatureSpec) =>
  join(recordingsDir, checkSpeakerName(speaker), '.calibration', `${featureSpecKey(spec)}.json`);

/** Refuses too little speech, saying how much more is needed. */
export function checkCalibrationAmount(seconds: number, utterances: number): void {
  if (utterances < MIN_CALIBRATION_UTTERANCES || seconds < MIN_CALIBRATION_SECONDS)
    throw new CalibrationError(
      `a calibration needs at least ${MIN_CALIBRATION_UTTERANCES} sentences and ${MIN_CALIBRATION_SECONDS} s of speech; ` +
        `this one has ${utterances} and ${seconds.toFixed(1)} s`,
    );
}

export async function saveCalibration(recordingsDir: string, profile: CalibrationProfile, spec: FeatureSpec): Promise<string> {
  const file = profileFile(recordingsDir, profile.speaker, spec);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(profile, null, 1) + '\n');
  return file;
}

/**
 * The speaker's saved profile for this feature spec; undefined when there is none. A damaged or foreign
 * file is an error that names it (the caller reports it and carries on uncalibrated), never a crash.
 */
export async function loadCalibration(recordingsDir: string, speaker: string, spec: FeatureSpec, channels: number): Promise<CalibrationProfile | undefined> {
  const file = profileFile(recordingsDir, speaker, spec);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CalibrationError(`cannot read the calibration ${file}: ${(err as Error).message}`);
  }
  try {
    const p = profileSchema.parse(JSON.parse(text));
    if (p.featureSpec !== featureSpecKey(spec)) throw new Error(`it is for features ${p.featureSpec}`);
    return { ...p, stats: parseFeatureStats(p.stats, channels) };
  } catch (err) {
    throw new CalibrationError(`the calibration ${file} is damaged and was not used (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Removes the speaker's profile for this spec; false when there was none. */
export async function forgetCalibration(recordingsDir: string, speaker: string, spec: FeatureSpec): Promise<boolean> {
  const file = profileFile(recordingsDir, speaker, spec);
  try {
    await rm(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

const summary = (p: Pick<CalibrationProfile, 'seconds' | 'utterances' | 'createdAt'>) => ({
  seconds: p.seconds,
  utterances: p.utterances,
  createdAt: p.createdAt,
});

/**
 * Where a live session of a per-speaker normalised model starts: the named speaker's saved calibration for
 * these features when there is a usable one (its statistics returned to apply), else running statistics.
 * A damaged profile or a bad name is reported in `problem`, not thrown: the session still runs.
 */
export async function startingNormalisation(
  recordingsDir: string,
  speaker: string | undefined,
  spec: FeatureSpec,
  norm: { sessionMinClips: number; channels: number },
): Promise<{ normalisation: LiveNormalisation; stats?: FeatureStats }> {
  const who = speaker?.trim() || null;
  const normalisation: LiveNormalisation = { sessionMinClips: norm.sessionMinClips, speaker: who, calibration: null, calibrationNeeds: CALIBRATION_NEEDS };
  if (!who) return { normalisation };
  try {
    const saved = await loadCalibration(recordingsDir, who, spec, norm.channels);
    if (!saved) return { normalisation };
    return { normalisation: { ...normalisation, calibration: summary(saved) }, stats: saved.stats };
  } catch (err) {
    if (!(err instanceof CalibrationError || (err as Error).name === 'RecordingError')) throw err;
    return { normalisation: { ...normalisation, problem: (err as Error).message } };
  }
}

/** A new calibration of `speaker` (made now) from a live session's statistics. */
export function calibrationProfile(speaker: string, spec: FeatureSpec, made: { stats: FeatureStats; seconds: number; utterances: number }): CalibrationProfile {
  return { speaker, featureSpec: featureSpecKey(spec), ...made, createdAt: new Date().toISOString() };
}

/** A session's normalisation once `profile` calibrates it (a stale problem with an old profile is gone). */
export function withCalibration(before: LiveNormalisation, profile: CalibrationProfile): LiveNormalisation {
  return { sessionMinClips: before.sessionMinClips, speaker: profile.speaker, calibration: summary(profile), calibrationNeeds: CALIBRATION_NEEDS };
}
