/**
 * Feature specifications: what a model is trained on, and so what live prediction must compute.
 * A spec's key names the algorithm version too, so cached features and model metadata go stale
 * when the computation changes.
 */
export type FeatureSpec =
  | { kind: 'seed' }
  | {
      kind: 'frames';
      sampleRate: number;
      nMfcc: number;
      nFft: number;
      hop: number;
      deltas: boolean;
      frames: number;
      normalize: boolean;
      offsetSeconds?: number;
      durationSeconds?: number;
    }
  | { kind: 'meyda-mfcc'; sampleRate: number; nMfcc: number; bufferSize: number; hop: number };

export type FramesSpec = Extract<FeatureSpec, { kind: 'frames' }>;
export type MeydaMfccSpec = Extract<FeatureSpec, { kind: 'meyda-mfcc' }>;

/** Bump when a kind's computation changes in a way that changes its numbers. */
export const FEATURE_ALGORITHM_VERSIONS = { seed: 1, frames: 1, 'meyda-mfcc': 1 } as const;

/** The Kaggle notebook's feature: librosa.load(offset=0.5, duration=3) at 22050 Hz, 40 MFCC, mean over time. */
export const SEED_SPEC: FeatureSpec = Object.freeze({ kind: 'seed' });
export const SEED = { sampleRate: 22050, offsetSeconds: 0.5, durationSeconds: 3, nMfcc: 40 } as const;

/** ~3 s of 40 MFCC + deltas + delta-deltas at 43 frames/s, standardised per clip. */
export function defaultFramesSpec(): FramesSpec {
  return { kind: 'frames', sampleRate: 22050, nMfcc: 40, nFft: 2048, hop: 512, deltas: true, frames: 128, normalize: true };
}

export function defaultMeydaMfccSpec(): MeydaMfccSpec {
  return { kind: 'meyda-mfcc', sampleRate: 22050, nMfcc: 13, bufferSize: 2048, hop: 512 };
}

export class FeatureSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureSpecError';
  }
}

const isPow2 = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

function intIn(name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new FeatureSpecError(`${name} must be an integer in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function pow2In(name: string, v: unknown, lo: number, hi: number): number {
  const n = intIn(name, v, lo, hi);
  if (!isPow2(n)) throw new FeatureSpecError(`${name} must be a power of two, got ${n}`);
  return n;
}

function secondsOpt(name: string, v: unknown, lo: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > 3600) {
    throw new FeatureSpecError(`${name} must be a number of seconds in [${lo}, 3600], got ${JSON.stringify(v)}`);
  }
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new FeatureSpecError(`${name} must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Validates an untrusted value (model meta, API request) and returns the normalized spec: known keys
 * only, in a fixed order, optional fields absent rather than undefined.
 */
export function normalizeFeatureSpec(value: unknown): FeatureSpec {
  if (typeof value !== 'object' || value === null) throw new FeatureSpecError('feature spec must be an object');
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'seed':
      return { kind: 'seed' };
    case 'frames': {
      const sampleRate = intIn('sampleRate', v.sampleRate, 4000, 192000);
      const nFft = pow2In('nFft', v.nFft, 64, 16384);
      const spec: FramesSpec = {
        kind: 'frames',
        sampleRate,
        nMfcc: intIn('nMfcc', v.nMfcc, 1, 128),
        nFft,
        hop: intIn('hop', v.hop, 16, nFft),
        deltas: bool('deltas', v.deltas),
        frames: intIn('frames', v.frames, 1, 10000),
        normalize: bool('normalize', v.normalize),
      };
      const offset = secondsOpt('offsetSeconds', v.offsetSeconds, 0);
      const duration = secondsOpt('durationSeconds', v.durationSeconds, 0.01);
      if (offset !== undefined && offset !== 0) spec.offsetSeconds = offset;
      if (duration !== undefined) spec.durationSeconds = duration;
      return spec;
    }
    case 'meyda-mfcc':
      return {
        kind: 'meyda-mfcc',
        sampleRate: intIn('sampleRate', v.sampleRate, 4000, 192000),
        nMfcc: intIn('nMfcc', v.nMfcc, 1, 40), // meyda caps its MFCC at 40 coefficients
        bufferSize: pow2In('bufferSize', v.bufferSize, 64, 16384),
        hop: intIn('hop', v.hop, 16, 16384),
      };
    default:
      throw new FeatureSpecError(`unknown feature spec kind ${JSON.stringify(v.kind)} (expected seed, frames or meyda-mfcc)`);
  }
}

const FIELD_TYPES: Record<string, 'number' | 'boolean'> = {
  sampleRate: 'number',
  sr: 'number',
  nMfcc: 'number',
  nFft: 'number',
  hop: 'number',
  frames: 'number',
  offsetSeconds: 'number',
  durationSeconds: 'number',
  bufferSize: 'number',
  deltas: 'boolean',
  normalize: 'boolean',
};

/**
 * 'seed' | 'frames' | 'meyda-mfcc', each optionally followed by overrides of the defaults:
 * 'frames:nMfcc=20,deltas=false,frames=100', 'meyda-mfcc:sr=16000,nMfcc=20'.
 */
export function parseFeatureSpec(name: string): FeatureSpec {
  const text = String(name).trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  let base: Record<string, unknown>;
  if (kind === 'seed') base = { kind: 'seed' };
  else if (kind === 'frames') base = { ...defaultFramesSpec() };
  else if (kind === 'meyda-mfcc') base = { ...defaultMeydaMfccSpec() };
  else throw new FeatureSpecError(`unknown feature spec ${JSON.stringify(text)} (expected seed, frames or meyda-mfcc, optionally with :key=value,...)`);
  if (colon >= 0) {
    if (kind === 'seed') throw new FeatureSpecError('the seed spec has no parameters');
    for (const part of text.slice(colon + 1).split(',')) {
      const m = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(part);
      if (!m) throw new FeatureSpecError(`malformed spec parameter ${JSON.stringify(part)} (expected key=value)`);
      const key = m[1] === 'sr' ? 'sampleRate' : m[1];
      const type = FIELD_TYPES[key];
      const windowKey = kind === 'frames' && (key === 'offsetSeconds' || key === 'durationSeconds');
      if (!type || !(key in base || windowKey)) {
        throw new FeatureSpecError(`unknown parameter ${JSON.stringify(m[1])} for ${kind}`);
      }
      if (type === 'boolean') {
        if (!/^(true|false|1|0)$/.test(m[2])) throw new FeatureSpecError(`${key} must be true or false, got ${m[2]}`);
        base[key] = m[2] === 'true' || m[2] === '1';
      } else {
        const n = Number(m[2]);
        if (!Number.isFinite(n)) throw new FeatureSpecError(`${key} must be a number, got ${m[2]}`);
        base[key] = n;
      }
    }
  }
  return normalizeFeatureSpec(base);
}

/** The sample rate a spec's features are computed at and the stretch of the clip it reads (librosa.load's offset and duration). */
export function specReads(spec: FeatureSpec): { sampleRate: number; offsetSeconds?: number; durationSeconds?: number } {
  switch (spec.kind) {
    case 'seed':
      return { sampleRate: SEED.sampleRate, offsetSeconds: SEED.offsetSeconds, durationSeconds: SEED.durationSeconds };
    case 'frames':
      return { sampleRate: spec.sampleRate, offsetSeconds: spec.offsetSeconds, durationSeconds: spec.durationSeconds };
    case 'meyda-mfcc':
      return { sampleRate: spec.sampleRate };
  }
}

/** The stretch of a clip of this length that the seed feature reads, clamped to the clip. */
export function seedWindow(durationSeconds: number): { startSeconds: number; endSeconds: number } {
  return {
    startSeconds: Math.min(SEED.offsetSeconds, durationSeconds),
    endSeconds: Math.min(SEED.offsetSeconds + SEED.durationSeconds, durationSeconds),
  };
}

/** Shape of one clip's features under the spec. */
export function featureShape(spec: FeatureSpec): number[] {
  switch (spec.kind) {
    case 'seed':
      return [SEED.nMfcc];
    case 'frames':
      return [spec.frames, spec.nMfcc * (spec.deltas ? 3 : 1)];
    case 'meyda-mfcc':
      return [spec.nMfcc];
  }
}

/** Canonical JSON of the normalized spec plus the algorithm version: equal specs give equal text. */
export function canonicalSpecText(spec: FeatureSpec): string {
  const n = normalizeFeatureSpec(spec) as Record<string, unknown>;
  const keys = Object.keys(n).sort();
  const body = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(n[k])}`).join(',');
  return `v${FEATURE_ALGORITHM_VERSIONS[spec.kind]}{${body}}`;
}

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits; pure JS so the renderer can use it too. */
function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

/** Stable, file-name-safe key: '<kind>-v<version>-<hash of the canonical spec>'. */
export function featureSpecKey(spec: FeatureSpec): string {
  return `${spec.kind}-v${FEATURE_ALGORITHM_VERSIONS[spec.kind]}-${fnv1a64(canonicalSpecText(spec))}`;
}

/** Short human description for logs and the UI. */
export function describeFeatureSpec(spec: FeatureSpec): string {
  switch (spec.kind) {
    case 'seed':
      return `seed: ${SEED.nMfcc} MFCC (librosa) at ${SEED.sampleRate} Hz, ${SEED.offsetSeconds}–${SEED.offsetSeconds + SEED.durationSeconds} s, mean over time`;
    case 'frames': {
      const win = spec.offsetSeconds || spec.durationSeconds ? `, ${spec.offsetSeconds ?? 0}s+${spec.durationSeconds ?? '∞'}s` : '';
      return `frames: ${spec.frames}×${spec.nMfcc}${spec.deltas ? '+Δ+ΔΔ' : ''} MFCC at ${spec.sampleRate} Hz (nFft ${spec.nFft}, hop ${spec.hop}${win})${spec.normalize ? ', per-clip standardised' : ''}`;
    }
    case 'meyda-mfcc':
      return `meyda-mfcc: ${spec.nMfcc} meyda MFCC at ${spec.sampleRate} Hz (buffer ${spec.bufferSize}, hop ${spec.hop}), mean over time`;
  }
}
