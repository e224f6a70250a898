/**
 * resampy 0.4.2 `kaiser_best` (librosa's res_type='kaiser_best'), as ../shared/ref/librosa/README.md §3
 * describes: band-limited sinc interpolation from a precomputed right half-window of 50·8192+1 taps.
 * The phase weights and their sums are float32 like resampy's (the difference to resampy is ~3e-7).
 *
 * Speed: for integer rates the filter phases repeat with a short period (3675 outputs for
 * 24414 → 22050 Hz), so each phase's weights are computed once per process (float32, as resampy's
 * float32 accumulation) and every interior output of a phase is one dot product in one run of the
 * WebAssembly SIMD kernel (simd-dot.ts), which reads zeros past the signal's ends, so the edges sum the
 * same weights over the taps inside the signal. Any output whose floor(t·increment) disagrees with the period uses resampy's
 * loop, over a table laid out as one contiguous row of interleaved [h, Δh] per start offset.
 */

import { RUN_FIELDS, prepareDotRuns } from './simd-dot';

const NUM_ZEROS = 50;
const PRECISION = 8192; // table entries per zero crossing
const ROLLOFF = 0.917347;
const BETA = 12.9846;
const TAPS = NUM_ZEROS * PRECISION + 1; // 409601

let halfWindow: Float64Array | undefined;

/** h[i] = rolloff · sinc(rolloff · i/8192) · kaiser[i] (right half of a symmetric Kaiser window). */
export function kaiserBestHalfWindow(): Float64Array {
  if (halfWindow) return halfWindow;
  const h = new Float64Array(TAPS);
  const n = TAPS - 1;
  const i0Beta = besselI0(BETA);
  for (let i = 0; i < TAPS; i++) {
    const r = i / n;
    const kaiser = besselI0(BETA * Math.sqrt(1 - r * r)) / i0Beta;
    const z = ROLLOFF * (i / PRECISION);
    const sinc = z === 0 ? 1 : Math.sin(Math.PI * z) / (Math.PI * z);
    h[i] = ROLLOFF * sinc * kaiser;
  }
  halfWindow = h;
  return h;
}

/** Modified Bessel function of the first kind, order 0 (power series; exact to ~1 ulp for x < 30). */
export function besselI0(x: number): number {
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

interface PhaseTable {
  step: number;
  /** rows[rowStart[off] + 2i] = h[off + i·step], +1 = Δh there */
  rows: Float64Array;
  rowStart: Int32Array;
  rowLength: Int32Array;
}

const tables = new Map<number, PhaseTable>();
const MAX_CACHED_TABLES = 4;

/** The half-window scaled for this rate ratio (downsampling lowers the cut-off), regrouped by offset. */
function phaseTable(scale: number): PhaseTable {
  const cached = tables.get(scale);
  if (cached) return cached;
  const base = kaiserBestHalfWindow();
  const h = scale < 1 ? base.map((v) => v * scale) : base;
  const step = Math.floor(scale * PRECISION);
  const offsets = step + 1; // frac·8192 ≤ scale·8192, so off ∈ [0, step]
  const rowStart = new Int32Array(offsets);
  const rowLength = new Int32Array(offsets);
  let total = 0;
  for (let off = 0; off < offsets; off++) {
    rowStart[off] = total;
    rowLength[off] = Math.floor((TAPS - off) / step);
    total += 2 * rowLength[off]!;
  }
  const rows = new Float64Array(total);
  for (let off = 0; off < offsets; off++) {
    let w = rowStart[off]!;
    for (let i = 0, j = off; i < rowLength[off]!; i++, j += step) {
      rows[w++] = h[j]!;
      rows[w++] = j + 1 < TAPS ? h[j + 1]! - h[j]! : 0; // np.diff(h, append=h[-1])
    }
  }
  const table = { step, rows, rowStart, rowLength };
  if (tables.size >= MAX_CACHED_TABLES) tables.delete(tables.keys().next().value!);
  tables.set(scale, table);
  return table;
}

/** Resamples x from srIn to srOut Hz; returns floor(n·srOut/srIn) samples. Same rate → a copy. */
export function resampleKaiserBest(x: Float32Array, srIn: number, srOut: number): Float32Array {
  return resampleVia(x, srIn, srOut, 'simd');
}

/**
 * How the interior is computed (all give the same numbers up to float32 rounding of the sum order):
 * 'simd' precomputed phases + WebAssembly dot products, 'js' precomputed phases + JS dot products,
 * 'loop' resampy's plain per-sample loop. Exported for tests and benchmarks.
 */
export type ResamplePath = 'simd' | 'js' | 'loop';

export function resampleVia(x: Float32Array, srIn: number, srOut: number, path: ResamplePath): Float32Array {
  if (!(srIn > 0 && Number.isFinite(srIn)) || !(srOut > 0 && Number.isFinite(srOut))) {
    throw new RangeError(`sample rates must be positive numbers, got ${srIn} → ${srOut}`);
  }
  if (srIn === srOut) return x.slice();
  const nx = x.length;
  const nOut = Math.floor((nx * srOut) / srIn);
  const y = new Float32Array(nOut);
  if (nOut === 0) return y;
  const ratio = srOut / srIn;
  const timeIncrement = 1 / ratio; // as resampy: t_out = arange(n_out) * (1 / sample_ratio)
  const scale = Math.min(1, ratio);
  const table = phaseTable(scale);
  const periodic = path === 'loop' ? null : periodicWeights(srIn, srOut, table, timeIncrement, scale);
  if (!periodic) {
    for (let t = 0; t < nOut; t++) y[t] = outputSample(x, t * timeIncrement, scale, table);
    return y;
  }
  // Phase-major order: each phase's weights stay in cache while all its outputs are computed, and the
  // outputs of a phase are one run (one record for the SIMD kernel). Past either end x reads as zeros,
  // so the edges are runs too: their taps outside x add nothing, as in resampy's loop.
  const { outputs, inputs, base, left, start, weights, wing, runs, checked } = periodic;
  const dots = prepareDotRuns(weights, x, y, path === 'simd', wing, runs);
  // Output t = r + k·outputs has n = b + k·inputs, for k ≤ kEnd: perPhase, or one less past lastFull.
  const perPhase = Math.floor((nOut - 1) / outputs);
  const lastFull = nOut - 1 - perPhase * outputs;
  const kEnd = (r: number) => (r <= lastFull ? perPhase : perPhase - 1);
  dots.runPhases((i) => kEnd(runs[i * RUN_FIELDS + 4]!) + 1); // 0 past a short signal's end
  const exact: number[] = []; // outputs that take resampy's loop: those that disagree with the period
  for (const r of checked) {
    const b = base[r]!;
    const from = start[r]!;
    const len = start[r + 1]! - from;
    const xAt = b - left[r]! + 1;
    let runFrom = 0;
    for (let k = 0; k <= kEnd(r); k++) {
      if (Math.floor((r + k * outputs) * timeIncrement) === b + k * inputs) continue;
      if (k > runFrom) dots.run(from, len, xAt + runFrom * inputs, inputs, r + runFrom * outputs, outputs, k - runFrom);
      exact.push(r + k * outputs);
      runFrom = k + 1;
    }
    if (kEnd(r) >= runFrom) dots.run(from, len, xAt + runFrom * inputs, inputs, r + runFrom * outputs, outputs, kEnd(r) + 1 - runFrom);
  }
  dots.finish(); // before writing any other output: it copies all of y from the kernel's memory
  for (const t of exact) y[t] = outputSample(x, t * timeIncrement, scale, table);
  return y;
}

/** One output sample exactly as resampy's loop computes it (left wing x[n], x[n-1]...; right wing x[n+1]...). */
function outputSample(x: Float32Array, time: number, scale: number, table: PhaseTable): number {
  const { rows, rowStart, rowLength } = table;
  const n = Math.floor(time);
  let acc = 0;
  let frac = scale * (time - n);
  let idx = frac * PRECISION;
  let off = Math.floor(idx);
  let eta = idx - off;
  let p = rowStart[off]!;
  const iMax = Math.min(n + 1, rowLength[off]!);
  for (let i = 0; i < iMax; i++, p += 2) acc += (rows[p]! + eta * rows[p + 1]!) * x[n - i]!;

  frac = scale - frac;
  idx = frac * PRECISION;
  off = Math.floor(idx);
  eta = idx - off;
  p = rowStart[off]!;
  const kMax = Math.min(x.length - n - 1, rowLength[off]!);
  for (let k = 0, q = n + 1; k < kMax; k++, p += 2, q++) acc += (rows[p]! + eta * rows[p + 1]!) * x[q]!;
  return acc;
}

/**
 * For integer rates the filter phase repeats every `outputs` samples (srOut/gcd), advancing `inputs`
 * (srIn/gcd) input samples. Precomputing each phase's weights once (left wing reversed, then right
 * wing, so they line up with x[n-L+1 .. n+R]) halves the work per tap. Only used while
 * floor(t·increment) agrees with the period; anything else takes the exact per-sample path.
 */
interface Periodic {
  outputs: number;
  inputs: number;
  base: Int32Array; // n for t = r
  left: Int32Array; // L: taps on x[n], x[n-1], ...
  right: Int32Array; // R: taps on x[n+1], ...
  start: Int32Array; // offsets into weights (multiples of 8), length outputs+1
  weights: Float32Array; // each phase zero-padded to a multiple of 8 taps
  wing: number; // the most taps of a phase on one side: how far past x's ends the dot products read
  /** One run record (simd-dot's RUN_FIELDS) per phase whose outputs never need checking; counts are given per signal. */
  runs: Int32Array;
  /** The phases whose fraction is within rounding of an integer: each of their outputs is checked. */
  checked: number[];
}

const MAX_PERIODIC_WEIGHTS = 2_000_000;
const periodicCache = new Map<string, Periodic | null>();

function periodicWeights(srIn: number, srOut: number, table: PhaseTable, inc: number, scale: number): Periodic | null {
  if (!Number.isInteger(srIn) || !Number.isInteger(srOut)) return null;
  const key = `${srIn}:${srOut}`;
  const cached = periodicCache.get(key);
  if (cached !== undefined) return cached;
  const g = gcd(srIn, srOut);
  const outputs = srOut / g;
  const inputs = srIn / g;
  const perOutput = 8 * Math.ceil((2 * Math.ceil(TAPS / table.step)) / 8);
  let result: Periodic | null = null;
  if (outputs * perOutput <= MAX_PERIODIC_WEIGHTS) {
    const { rows, rowStart, rowLength } = table;
    const base = new Int32Array(outputs);
    const left = new Int32Array(outputs);
    const right = new Int32Array(outputs);
    const start = new Int32Array(outputs + 1);
    const weights = new Float32Array(outputs * perOutput);
    let w = 0;
    for (let r = 0; r < outputs; r++) {
      const time = r * inc;
      const n = Math.floor(time);
      base[r] = n;
      start[r] = w;
      let frac = scale * (time - n);
      for (const side of [0, 1]) {
        if (side === 1) frac = scale - frac;
        const idx = frac * PRECISION;
        const off = Math.floor(idx);
        const eta = idx - off;
        const len = rowLength[off]!;
        (side === 0 ? left : right)[r] = len;
        for (let i = 0; i < len; i++) {
          const p = rowStart[off]! + 2 * (side === 0 ? len - 1 - i : i);
          weights[w++] = rows[p]! + eta * rows[p + 1]!;
        }
      }
      w = start[r]! + 8 * Math.ceil((w - start[r]!) / 8); // zero padding
    }
    start[outputs] = w;
    const wing = perOutput; // a phase's padded taps, whichever side they fall on
    // floor(t·increment) can only disagree with n when the phase's fraction is within the rounding
    // error of t·increment (below 5e-7 for t·increment < 2^30 input samples) of an integer.
    const checked: number[] = [];
    const runs: number[] = [];
    for (let r = 0; r < outputs; r++) {
      const frac = r * inc - base[r]!;
      if (frac < 1e-6 || frac > 1 - 1e-6) checked.push(r);
      else runs.push(start[r]!, start[r + 1]! - start[r]!, base[r]! - left[r]! + 1, inputs, r, outputs, 0);
    }
    result = { outputs, inputs, base, left, right, start, weights: weights.slice(0, w), wing, runs: Int32Array.from(runs), checked };
  }
  if (periodicCache.size >= MAX_CACHED_TABLES) periodicCache.delete(periodicCache.keys().next().value!);
  periodicCache.set(key, result);
  return result;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
