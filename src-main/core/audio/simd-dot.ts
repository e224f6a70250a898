/**
 * Runs of dot products for the resampler, in float32 as resampy computes them:
 *   y[c] = Σ_i w[from + i] · x[xAt + c·xStep + i],  i < len, c < count.
 * One call computes a whole run (every output of one filter phase), so the loop over outputs runs
 * inside WebAssembly SIMD (f32x4) rather than as one JS → wasm call per output; where SIMD is
 * unavailable a JS loop gives the same numbers up to float32 rounding. `len` must be a multiple of 8
 * (the phases are zero-padded): the kernel reads x up to 7 samples past a run's last tap, and the
 * memory holds zeros there.
 */
import { I32, V128, instantiateKernels, op, type KernelFunction } from '../wasm-module';

/** Computes one run of dot products (see the file comment) into the output given to prepareDotRuns. */
export type DotRun = (from: number, len: number, xAt: number, xStep: number, yAt: number, yStep: number, count: number) => void;

export interface DotRuns {
  run: DotRun;
  /** Copies the outputs into y (the wasm path computes them in its memory); y's other values are kept. */
  finish(): void;
}

/** JS fallback: four partial sums, accumulated in float64. */
function jsRuns(w: Float32Array, x: Float32Array, y: Float32Array): DotRuns {
  const run: DotRun = (from, len, xAt, xStep, yAt, yStep, count) => {
    for (let c = 0; c < count; c++, xAt += xStep, yAt += yStep) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let p = from, q = xAt, end = from + len; p < end; p += 4, q += 4) {
        a0 += w[p]! * x[q]!;
        a1 += w[p + 1]! * x[q + 1]!;
        a2 += w[p + 2]! * x[q + 2]!;
        a3 += w[p + 3]! * x[q + 3]!;
      }
      y[yAt] = a0 + a1 + (a2 + a3);
    }
  };
  return { run, finish: () => {} };
}

interface Kernel {
  memory: WebAssembly.Memory;
  runs: (wByte: number, len: number, xByte: number, xStepBytes: number, yByte: number, yStepBytes: number, count: number) => void;
  weights?: Float32Array; // the weights currently at byte 0 of the memory
}
let kernel: Kernel | null | undefined;

/** Dot-product runs over (weights, x) writing into y: the SIMD kernel when available (and `simd` is not false), else JS. */
export function prepareDotRuns(weights: Float32Array, x: Float32Array, y: Float32Array, simd = true): DotRuns {
  if (weights.length % 8 !== 0) throw new RangeError('prepareDotRuns: the weights must be padded to a multiple of 8');
  const k = simd ? wasmKernel() : null;
  if (!k) {
    const padded = new Float32Array(x.length + 8);
    padded.set(x);
    return jsRuns(weights, padded, y);
  }
  const xByte = weights.length * 4;
  const yByte = xByte + (x.length + 8) * 4;
  const needed = yByte + y.length * 4;
  if (needed > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  const heap = new Float32Array(k.memory.buffer);
  if (k.weights !== weights) {
    heap.set(weights, 0);
    k.weights = weights;
  }
  heap.set(x, weights.length);
  heap.fill(0, weights.length + x.length, weights.length + x.length + 8);
  heap.set(y, yByte >> 2); // outputs outside the runs come back unchanged
  const runs = k.runs;
  return {
    run: (from, len, xAt, xStep, yAt, yStep, count) => runs(from * 4, len, xByte + xAt * 4, xStep * 4, yByte + yAt * 4, yStep * 4, count),
    finish: () => y.set(heap.subarray(yByte >> 2, (yByte >> 2) + y.length)),
  };
}

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const e = instantiateKernels([runsFunction()]);
  // Without WebAssembly SIMD the JS loop gives the same numbers, a little slower.
  kernel = e && { memory: e.mem as WebAssembly.Memory, runs: e.runs as Kernel['runs'] };
  return kernel;
}

/** Locals of dotCode: two v128 accumulators and three i32 pointers. */
export interface DotLocals {
  a0: number;
  a1: number;
  p: number;
  q: number;
  end: number;
}

/**
 * Code leaving Σ w[i]·x[i] (float32) on the stack, for p = &w[0] up to end (a multiple of 8 floats
 * further, at least 8) and q = &x[0], 8 taps per iteration in two f32x4 accumulators; sums the lanes
 * as (l0 + l1) + (l2 + l3). Expects p, q and end set.
 */
export function dotCode({ a0, a1, p, q, end }: DotLocals): number[] {
  const { get, set, simd, v128Load, add, i32, f32Zero4, loop, brIf, I32_LT_U, F32_ADD, F32X4_ADD, F32X4_MUL, F32X4_LANE } = op;
  const mulAdd = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...get(p),
    ...v128Load(offset),
    ...get(q),
    ...v128Load(offset),
    ...simd(F32X4_MUL),
    ...simd(F32X4_ADD),
    ...set(acc),
  ];
  const lane = (l: number): number[] => [...get(a0), ...simd(F32X4_LANE, l)];
  return [
    ...f32Zero4,
    ...set(a0),
    ...f32Zero4,
    ...set(a1),
    ...loop, // do { 8 taps } while (p < end)
    ...mulAdd(a0, 0),
    ...mulAdd(a1, 16),
    ...add(p, i32(32)),
    ...add(q, i32(32)),
    ...get(p),
    ...get(end),
    I32_LT_U,
    ...brIf(0),
    op.end,
    ...get(a0),
    ...get(a1),
    ...simd(F32X4_ADD),
    ...set(a0),
    ...lane(0),
    ...lane(1),
    F32_ADD,
    ...lane(2),
    ...lane(3),
    F32_ADD,
    F32_ADD,
  ];
}

/** runs(w, len, x, xStep, y, yStep, count): byte addresses and steps; see the file comment. */
function runsFunction(): KernelFunction {
  const [W, LEN, X, XSTEP, Y, YSTEP, COUNT, A0, A1, P, Q, END] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]; // params, then locals
  const { get, set, add, i32, block, loop, br, brIf, I32_ADD, I32_SUB, I32_SHL, I32_EQZ, F32_STORE } = op;
  const code = [
    ...block,
    ...loop, // over outputs
    ...get(COUNT),
    I32_EQZ,
    ...brIf(1),
    ...get(W),
    ...set(P),
    ...get(X),
    ...set(Q),
    ...get(W),
    ...get(LEN),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(END), // end = w + len·4
    ...get(Y), // address of the store
    ...dotCode({ a0: A0, a1: A1, p: P, q: Q, end: END }),
    ...F32_STORE,
    ...add(X, get(XSTEP)),
    ...add(Y, get(YSTEP)),
    ...get(COUNT),
    ...i32(1),
    I32_SUB,
    ...set(COUNT),
    ...br(0),
    op.end,
    op.end,
  ];
  return {
    name: 'runs',
    params: 7,
    locals: [
      [2, V128],
      [3, I32],
    ],
    code,
  };
}

/** Whether the WebAssembly SIMD kernel runs here (Node ≥ 16.4 and Electron have it). */
export function simdAvailable(): boolean {
  return wasmKernel() !== null;
}
