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

/** One run of dot products (see the file comment) into the output given to prepareDotRuns; its values are there after finish(). */
export type DotRun = (from: number, len: number, xAt: number, xStep: number, yAt: number, yStep: number, count: number) => void;

export interface DotRuns {
  run: DotRun;
  /** The runs of prepareDotRuns's `phases`, run i with counts(i) outputs (0: none). */
  runPhases(counts: (run: number) => number): void;
  /** Computes what is still to compute and copies the outputs into y (the wasm path works in its memory); y's other values are kept. */
  finish(): void;
}

/** JS fallback: four partial sums, accumulated in float64; x[0] is padded[pad]. */
function jsRuns(w: Float32Array, padded: Float32Array, y: Float32Array, pad: number, phases: Int32Array): DotRuns {
  const run: DotRun = (from, len, xAt, xStep, yAt, yStep, count) => {
    for (let c = 0, q0 = xAt + pad; c < count; c++, q0 += xStep, yAt += yStep) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let p = from, q = q0, end = from + len; p < end; p += 4, q += 4) {
        a0 += w[p]! * padded[q]!;
        a1 += w[p + 1]! * padded[q + 1]!;
        a2 += w[p + 2]! * padded[q + 2]!;
        a3 += w[p + 3]! * padded[q + 3]!;
      }
      y[yAt] = a0 + a1 + (a2 + a3);
    }
  };
  const runPhases = (counts: (run: number) => number) => {
    for (let i = 0, o = 0; o < phases.length; i++, o += RUN_FIELDS) {
      run(phases[o]!, phases[o + 1]!, phases[o + 2]!, phases[o + 3]!, phases[o + 4]!, phases[o + 5]!, counts(i));
    }
  };
  return { run, runPhases, finish: () => {} };
}

interface Kernel {
  memory: WebAssembly.Memory;
  fused: boolean; // multiply-adds by f32x4.relaxed_madd
  /** Every run of a list of RUN_FIELDS-int records at listByte (run's parameters, in floats from x[0] at xByte and y[0] at yByte). */
  runList: (listByte: number, runs: number, xByte: number, yByte: number) => void;
  weights?: Float32Array; // the weights currently at byte 0 of the memory
  phases?: Int32Array; // the run records currently after them
}
let kernel: Kernel | null | undefined;
export const RUN_FIELDS = 7;

/**
 * Dot-product runs over (weights, x) writing into y: the SIMD kernel when available (and `simd` is not
 * false), else JS. x reads as zeros for `pad` samples before its start (xAt ≥ -pad) and after its end.
 * `phases` (RUN_FIELDS ints per run, as run's parameters; counts are given by runPhases) stays in the
 * kernel's memory beside the weights, like them copied only when it changes: a resampler's list of phases
 * is the same for every signal of a rate pair.
 */
export function prepareDotRuns(weights: Float32Array, x: Float32Array, y: Float32Array, simd = true, pad = 0, phases: Int32Array = new Int32Array(0)): DotRuns {
  if (weights.length % 8 !== 0) throw new RangeError('prepareDotRuns: the weights must be padded to a multiple of 8');
  const k = simd ? wasmKernel() : null;
  if (!k) {
    const padded = new Float32Array(pad + x.length + pad + 8);
    padded.set(x, pad);
    return jsRuns(weights, padded, y, pad, phases);
  }
  const phasesByte = weights.length * 4;
  const padByte = phasesByte + phases.length * 4;
  const xByte = padByte + pad * 4; // x[0]: pad zeros before it
  const yByte = xByte + (x.length + pad + 8) * 4;
  const listByte = yByte + y.length * 4;
  const grow = (bytes: number) => {
    if (bytes > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((bytes - k.memory.buffer.byteLength) / 65536));
  };
  grow(listByte);
  const heap = new Float32Array(k.memory.buffer);
  if (k.weights !== weights || k.phases !== phases) {
    heap.set(weights, 0);
    new Int32Array(k.memory.buffer, phasesByte, phases.length).set(phases);
    [k.weights, k.phases] = [weights, phases];
  }
  const x0 = xByte >> 2;
  heap.fill(0, padByte >> 2, x0);
  heap.set(x, x0);
  heap.fill(0, x0 + x.length, x0 + x.length + pad + 8);
  heap.set(y, yByte >> 2); // outputs outside the runs come back unchanged
  // The runs are listed and computed in one call at finish: a call into wasm per run (one per filter
  // phase, thousands a clip) cost more than a tenth of the resampler.
  let list = new Int32Array(RUN_FIELDS * 256);
  let listed = 0;
  let phasesDue = false;
  const room = (runs: number) => {
    if ((listed + runs) * RUN_FIELDS <= list.length) return;
    const longer = new Int32Array(Math.max(list.length * 2, (listed + runs) * RUN_FIELDS));
    longer.set(list);
    list = longer;
  };
  return {
    run: (from, len, xAt, xStep, yAt, yStep, count) => {
      room(1);
      const o = listed++ * RUN_FIELDS;
      list[o] = from;
      list[o + 1] = len;
      list[o + 2] = xAt;
      list[o + 3] = xStep;
      list[o + 4] = yAt;
      list[o + 5] = yStep;
      list[o + 6] = count;
    },
    runPhases: (counts) => {
      const resident = new Int32Array(k.memory.buffer, phasesByte, phases.length);
      for (let i = 0, o = RUN_FIELDS - 1; o < phases.length; i++, o += RUN_FIELDS) resident[o] = counts(i);
      phasesDue = true;
    },
    finish: () => {
      grow(listByte + listed * RUN_FIELDS * 4);
      if (phasesDue) k.runList(phasesByte, phases.length / RUN_FIELDS, xByte, yByte);
      new Int32Array(k.memory.buffer, listByte, listed * RUN_FIELDS).set(list.subarray(0, listed * RUN_FIELDS));
      k.runList(listByte, listed, xByte, yByte);
      y.set(new Float32Array(k.memory.buffer, yByte, y.length));
    },
  };
}

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  // Relaxed SIMD (Node 22, Electron's Chromium) lets each multiply-add be one f32x4.relaxed_madd, fused
  // on CPUs with FMA: 7 % off the seed feature here. Its sums differ from mul-then-add by float32
  // rounding only. Where it is missing, the plain SIMD kernel; without SIMD, the JS loop.
  for (const fused of [true, false]) {
    const e = instantiateKernels([runsFunction(fused), runListFunction()]);
    if (e) return (kernel = { memory: e.mem as WebAssembly.Memory, fused, runList: e.runList as Kernel['runList'] });
  }
  return (kernel = null);
}

/** Locals of dotCode: two v128 accumulators and three i32 pointers. */
export interface DotLocals {
  a0: number;
  a1: number;
  p: number;
  q: number;
  end: number;
  /** f32x4.relaxed_madd instead of f32x4.mul then f32x4.add (needs relaxed SIMD) */
  fused?: boolean;
}

/**
 * Code leaving Σ w[i]·x[i] (float32) on the stack, for p = &w[0] up to end (a multiple of 8 floats
 * further, at least 8) and q = &x[0], 8 taps per iteration in two f32x4 accumulators; sums the lanes
 * as (l0 + l1) + (l2 + l3). Expects p, q and end set.
 */
export function dotCode({ a0, a1, p, q, end, fused = false }: DotLocals): number[] {
  const { get, set, v128Load, add, i32, f32Zero4, loop, brIf, I32_LT_U } = op;
  const mulAdd = (acc: number, offset: number): number[] => mulAddCode(acc, [...get(p), ...v128Load(offset)], q, offset, fused);
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
    ...laneSum(a0, a1),
  ];
}

/** acc += w · x, f32x4: `w` is the code pushing the weights, x is loaded from q + offset; `fused`: one relaxed_madd. */
function mulAddCode(acc: number, w: number[], q: number, offset: number, fused: boolean): number[] {
  const { get, set, simd, v128Load, F32X4_ADD, F32X4_MUL, F32X4_RELAXED_MADD } = op;
  if (fused) return [...w, ...get(q), ...v128Load(offset), ...get(acc), ...simd(F32X4_RELAXED_MADD), ...set(acc)];
  return [...get(acc), ...w, ...get(q), ...v128Load(offset), ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(acc)];
}

/** Leaves the float32 sum of the lanes of a0 + a1 on the stack, as (l0 + l1) + (l2 + l3); a0 is overwritten. */
function laneSum(a0: number, a1: number): number[] {
  const { get, set, simd, F32_ADD, F32X4_ADD, F32X4_LANE } = op;
  const lane = (l: number): number[] => [...get(a0), ...simd(F32X4_LANE, l)];
  return [...get(a0), ...get(a1), ...simd(F32X4_ADD), ...set(a0), ...lane(0), ...lane(1), F32_ADD, ...lane(2), ...lane(3), F32_ADD, F32_ADD];
}

/**
 * runs(w, len, x, xStep, y, yStep, count): byte addresses and steps; see the file comment. Four outputs
 * at a time share each load of the weights (10 loads per 32 multiply-adds instead of 16: the loads bound
 * this loop); each output keeps its own two accumulators, so the sums are bit for bit dotCode's.
 */
function runsFunction(fused: boolean): KernelFunction {
  const [W, LEN, X, XSTEP, Y, YSTEP, COUNT] = [0, 1, 2, 3, 4, 5, 6]; // params
  const ACC = [7, 8, 9, 10, 11, 12, 13, 14]; // v128: output j's accumulators are ACC[2j], ACC[2j + 1]
  const [WV0, WV1] = [15, 16]; // v128: the weights of this iteration
  const [P, END, Q0, Q1, Q2, Q3] = [17, 18, 19, 20, 21, 22]; // i32
  const Q = [Q0, Q1, Q2, Q3];
  const { get, set, add, sub, i32, v128Load, f32Zero4, block, loop, br, brIf, whileNonZero, whileEnd, I32_ADD, I32_SHL, I32_LT_U, F32_STORE } = op;
  const startRow = [...get(W), ...set(P), ...get(W), ...get(LEN), ...i32(2), I32_SHL, I32_ADD, ...set(END)]; // end = w + len·4
  const mulAdd = (acc: number, wv: number, q: number, offset: number): number[] => mulAddCode(acc, get(wv), q, offset, fused);
  const four = [
    ...block,
    ...loop, // over groups of four outputs
    ...get(COUNT),
    ...i32(4),
    I32_LT_U,
    ...brIf(1),
    ...startRow,
    ...get(X),
    ...set(Q0),
    ...[1, 2, 3].flatMap((j) => [...get(Q[j - 1]!), ...get(XSTEP), I32_ADD, ...set(Q[j]!)]),
    ...ACC.flatMap((a) => [...f32Zero4, ...set(a)]),
    ...loop, // do { 8 taps of four outputs } while (p < end)
    ...get(P),
    ...v128Load(0),
    ...set(WV0),
    ...get(P),
    ...v128Load(16),
    ...set(WV1),
    ...Q.flatMap((q, j) => [...mulAdd(ACC[2 * j]!, WV0, q, 0), ...mulAdd(ACC[2 * j + 1]!, WV1, q, 16)]),
    ...add(P, i32(32)),
    ...Q.flatMap((q) => add(q, i32(32))),
    ...get(P),
    ...get(END),
    I32_LT_U,
    ...brIf(0),
    op.end,
    ...Q.flatMap((_, j) => [...get(Y), ...laneSum(ACC[2 * j]!, ACC[2 * j + 1]!), ...F32_STORE, ...add(Y, get(YSTEP))]),
    ...get(X),
    ...get(XSTEP),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(X), // x += 4·xStep
    ...sub(COUNT, 4),
    ...br(0),
    op.end,
    op.end,
  ];
  const one = [
    ...whileNonZero(COUNT), // the last outputs, one at a time
    ...startRow,
    ...get(X),
    ...set(Q0),
    ...get(Y), // address of the store
    ...dotCode({ a0: ACC[0]!, a1: ACC[1]!, p: P, q: Q0, end: END, fused }),
    ...F32_STORE,
    ...add(X, get(XSTEP)),
    ...add(Y, get(YSTEP)),
    ...sub(COUNT, 1),
    ...whileEnd,
  ];
  return {
    name: 'runs',
    params: 7,
    locals: [
      [10, V128],
      [6, I32],
    ],
    code: [...four, ...one],
  };
}

/** runList(list, n, xByte, yByte): calls runs (function 0) with each record's RUN_FIELDS ints, made byte addresses. */
function runListFunction(): KernelFunction {
  const [LIST, N, X, Y] = [0, 1, 2, 3];
  const { get, add, sub, i32, i32Load, whileNonZero, whileEnd, I32_ADD, I32_SHL } = op;
  const field = (i: number): number[] => [...get(LIST), ...i32Load(4 * i)];
  const bytes = (i: number): number[] => [...field(i), ...i32(2), I32_SHL]; // floats → bytes
  const code = [
    ...whileNonZero(N),
    ...bytes(0), // w
    ...field(1), // len
    ...get(X),
    ...bytes(2),
    I32_ADD, // x + xAt·4
    ...bytes(3), // xStep
    ...get(Y),
    ...bytes(4),
    I32_ADD, // y + yAt·4
    ...bytes(5), // yStep
    ...field(6), // count
    0x10, // call
    0, // runs
    ...add(LIST, i32(4 * RUN_FIELDS)),
    ...sub(N, 1),
    ...whileEnd,
  ];
  return { name: 'runList', params: 4, locals: [], code };
}

/** Whether the WebAssembly SIMD kernel runs here (Node ≥ 16.4 and Electron have it). */
export function simdAvailable(): boolean {
  return wasmKernel() !== null;
}

/** Whether its multiply-adds are relaxed SIMD's fused ones (see wasmKernel). */
export function simdFused(): boolean {
  return wasmKernel()?.fused === true;
}
