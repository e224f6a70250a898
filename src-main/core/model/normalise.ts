/**
 * Per-speaker feature normalisation: each coefficient standardised by the statistics of the voice
 * that spoke it, so that a model learns how a speaker departs from their own neutral-ish average,
 * not the timbre of the training voices (what differs most between speakers).
 *
 * A feature [..., C] is read as rows of C channels (a seed feature [40] is one row; frames
 * [T, C] are T rows). All-zero rows are the features' end padding: they count in no statistic
 * and stay zero, so pooling layers still see where the clip ends.
 */
import { z } from 'zod';

/** Mean and standard deviation per channel, over the rows of `clips` clips. */
export interface FeatureStats {
  mean: number[];
  std: number[];
  clips: number;
}

/** What a model trained with per-speaker normalisation stores in its meta. */
export interface SpeakerNormalisation {
  kind: 'per-speaker';
  basis: StatsBasis;
  channels: number;
  /** Statistics of each training speaker. */
  speakers: Record<string, FeatureStats>;
  /** All training clips together: used until a session has enough clips of its own. */
  pooled: FeatureStats;
  /** Clips a session needs before its running statistics replace the pooled ones. */
  sessionMinClips: number;
}

/** Which statistics normalised a prediction's features. */
export type StatsSource = 'calibration' | 'session' | 'training';

/** Whose statistics normalised a prediction's features, over how many clips. */
export interface PredictionNormalisation {
  source: StatsSource;
  clips: number;
}

/** A per-speaker normalised model's statistics in a live session. */
export interface LiveNormalisation {
  /** Utterances the session hears before its running statistics replace the training corpus's. */
  sessionMinClips: number;
  /** The speaker the calibration is for (null: none named). */
  speaker: string | null;
  /** The calibration in use, from this session or saved by an earlier one; null: none. */
  calibration: { seconds: number; utterances: number; createdAt: string } | null;
  /** The least speech a calibration takes. */
  calibrationNeeds: { seconds: number; utterances: number };
  /** A saved calibration that could not be used (a damaged file), in words. */
  problem?: string;
}

export const DEFAULT_SESSION_MIN_CLIPS = 5;
const MIN_STD = 1e-4;

export class NormalisationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NormalisationError';
  }
}

const isPadding = (data: Float32Array, at: number, c: number) => {
  for (let j = 0; j < c; j++) if (data[at + j] !== 0) return false;
  return true;
};

/** Running sums over clips (Float64, so thousands of clips lose nothing). */
export class StatsAccumulator {
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private rows = 0;
  private clipCount = 0;

  constructor(readonly channels: number) {
    if (!(Number.isInteger(channels) && channels > 0)) throw new NormalisationError(`channels must be a positive whole number (got ${channels})`);
    this.sum = new Float64Array(channels);
    this.sumSq = new Float64Array(channels);
  }

  get clips(): number {
    return this.clipCount;
  }

  add(data: Float32Array): void {
    const c = this.channels;
    if (data.length % c !== 0) throw new NormalisationError(`a feature of ${data.length} values is not rows of ${c} channels`);
    for (let at = 0; at < data.length; at += c) {
      if (isPadding(data, at, c)) continue;
      for (let j = 0; j < c; j++) {
        this.sum[j] += data[at + j];
        this.sumSq[j] += data[at + j] ** 2;
      }
      this.rows++;
    }
    this.clipCount++;
  }

  stats(): FeatureStats {
    if (this.rows === 0) throw new NormalisationError('no statistics: no clip with a real frame was added');
    const mean = Array.from(this.sum, (s) => s / this.rows);
    const std = Array.from(this.sumSq, (s, j) => Math.max(Math.sqrt(Math.max(s / this.rows - mean[j] ** 2, 0)), MIN_STD));
    return { mean, std, clips: this.clipCount };
  }
}

/** Channels of a feature of this shape: its last dimension. */
export const channelsOf = (shape: number[]) => shape[shape.length - 1];

export function statsOf(features: Float32Array[], channels: number): FeatureStats {
  const acc = new StatsAccumulator(channels);
  for (const f of features) acc.add(f);
  return acc.stats();
}

/** (x − mean) / std per channel; padding rows stay zero. Returns a new array. */
export function applyStats(data: Float32Array, stats: FeatureStats): Float32Array {
  const c = stats.mean.length;
  if (data.length % c !== 0) throw new NormalisationError(`a feature of ${data.length} values does not fit statistics of ${c} channels`);
  const out = new Float32Array(data.length);
  for (let at = 0; at < data.length; at += c) {
    if (isPadding(data, at, c)) continue;
    for (let j = 0; j < c; j++) out[at + j] = (data[at + j] - stats.mean[j]) / stats.std[j];
  }
  return out;
}

/**
 * Which of a speaker's clips their statistics come from. 'neutral': their neutral clips, as a
 * calibration (a person reading neutral sentences) gives them; statistics of all emotions would sit
 * elsewhere (louder, higher), and a model trained on one basis and calibrated on the other is biased.
 * 'all': every clip of the speaker (when all of a new speaker's clips are at hand).
 */
export type StatsBasis = 'neutral' | 'all';
export const STATS_BASES = ['neutral', 'all'] as const satisfies readonly StatsBasis[];
/** A speaker with fewer neutral clips than this gets statistics of all their clips. */
const MIN_NEUTRAL_CLIPS = 3;

/** The indices (of `indices`) whose clips make speaker statistics under `basis`, per speaker. */
export function statsClips(clips: { speaker: string; label: string }[], indices: number[], basis: StatsBasis): Map<string, number[]> {
  const per = new Map<string, { all: number[]; neutral: number[] }>();
  for (const i of indices) {
    const s = clips[i].speaker;
    if (!per.has(s)) per.set(s, { all: [], neutral: [] });
    per.get(s)!.all.push(i);
    if (clips[i].label === 'neutral') per.get(s)!.neutral.push(i);
  }
  const out = new Map<string, number[]>();
  for (const [s, { all, neutral }] of per) out.set(s, basis === 'neutral' && neutral.length >= MIN_NEUTRAL_CLIPS ? neutral : all);
  return out;
}

/** Statistics per speaker of the clips at `indices` (the training side of a split) under `basis`, and pooled. */
export function fitSpeakerNormalisation(
  features: Float32Array[],
  clips: { speaker: string; label: string }[],
  indices: number[],
  channels: number,
  basis: StatsBasis,
  sessionMinClips = DEFAULT_SESSION_MIN_CLIPS,
): SpeakerNormalisation {
  const per = new Map<string, StatsAccumulator>();
  const pooled = new StatsAccumulator(channels);
  for (const [s, idx] of statsClips(clips, indices, basis)) {
    per.set(s, new StatsAccumulator(channels));
    for (const i of idx) {
      per.get(s)!.add(features[i]);
      pooled.add(features[i]);
    }
  }
  const speakers: Record<string, FeatureStats> = {};
  for (const [s, acc] of [...per].sort(([a], [b]) => (a < b ? -1 : 1))) speakers[s] = acc.stats();
  return { kind: 'per-speaker', basis, channels, speakers, pooled: pooled.stats(), sessionMinClips };
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const statsSchema = (channels: number) =>
  z.strictObject({
    mean: z.array(finite).length(channels),
    std: z.array(finite.refine((v) => v > 0, 'must be > 0')).length(channels),
    clips: z.int().min(1),
  });

/** Validates statistics from an untrusted place (meta.json, a calibration file, an api call). */
export function parseFeatureStats(value: unknown, channels: number): FeatureStats {
  const r = statsSchema(channels).safeParse(value);
  if (!r.success) throw new NormalisationError(`speaker statistics are invalid: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
  return r.data;
}

export function parseSpeakerNormalisation(value: unknown): SpeakerNormalisation {
  const v = value as Partial<SpeakerNormalisation> | null;
  if (v?.kind !== 'per-speaker' || !Number.isInteger(v.channels) || v.channels! < 1)
    throw new NormalisationError('normalisation must be per-speaker with channels ≥ 1');
  const speakers: Record<string, FeatureStats> = {};
  for (const [s, st] of Object.entries(v.speakers ?? {})) speakers[s] = parseFeatureStats(st, v.channels!);
  const min = v.sessionMinClips;
  if (!(Number.isInteger(min) && min! >= 1)) throw new NormalisationError('sessionMinClips must be a whole number ≥ 1');
  if (!STATS_BASES.includes(v.basis!)) throw new NormalisationError(`basis must be ${STATS_BASES.join(' or ')}`);
  return { kind: 'per-speaker', basis: v.basis!, channels: v.channels!, speakers, pooled: parseFeatureStats(v.pooled, v.channels!), sessionMinClips: min! };
}

/**
 * Normalisation at prediction time for one speaker: their calibration statistics when given, else
 * the running statistics of the clips this session has seen (once there are enough), else the
 * training corpus's pooled statistics. Each prediction says which it used.
 */
export class SpeakerSession {
  private readonly running: StatsAccumulator;
  private calibration: FeatureStats | undefined;

  constructor(private readonly norm: SpeakerNormalisation) {
    this.running = new StatsAccumulator(norm.channels);
  }

  calibrate(stats: FeatureStats | undefined): void {
    this.calibration = stats === undefined ? undefined : parseFeatureStats(stats, this.norm.channels);
  }

  /** Calibrates from the speaker's clips' (unnormalised) features and returns their statistics. */
  calibrateFrom(features: Float32Array[]): FeatureStats {
    const stats = statsOf(features, this.norm.channels);
    this.calibrate(stats);
    return stats;
  }

  /** A session of its own for another speaker (or a live stream): same model statistics, nothing heard yet. */
  fresh(): SpeakerSession {
    return new SpeakerSession(this.norm);
  }

  get calibrated(): boolean {
    return this.calibration !== undefined;
  }

  /**
   * Normalises `data`, then (when `learn`) adds the raw clip to the running statistics for the clips after
   * it. Live rolling predictions do not learn: they are overlapping windows of the utterance still being spoken.
   */
  normalise(data: Float32Array, learn = true): { data: Float32Array; source: StatsSource; clips: number } {
    let chosen: { stats: FeatureStats; source: StatsSource };
    if (this.calibration) chosen = { stats: this.calibration, source: 'calibration' };
    else if (this.running.clips >= this.norm.sessionMinClips) chosen = { stats: this.running.stats(), source: 'session' };
    else chosen = { stats: this.norm.pooled, source: 'training' };
    const out = applyStats(data, chosen.stats);
    if (!this.calibration && learn) this.running.add(data);
    return { data: out, source: chosen.source, clips: chosen.stats.clips };
  }
}

/** Statistics for each speaker of an evaluation: the model's for a speaker it trained on, else from their own clips under the model's basis. */
export function evaluationStats(norm: SpeakerNormalisation, clips: { speaker: string; label: string; data: Float32Array }[]): Map<string, FeatureStats> {
  const out = new Map<string, FeatureStats>();
  const indices = clips.map((_, i) => i);
  for (const [speaker, idx] of statsClips(clips, indices, norm.basis)) {
    out.set(
      speaker,
      norm.speakers[speaker] ??
        statsOf(
          idx.map((i) => clips[i].data),
          norm.channels,
        ),
    );
  }
  return out;
}
