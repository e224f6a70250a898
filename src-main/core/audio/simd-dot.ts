/**
 * Runs of dot products for the resampler, in float32 as resampy computes them:
 *   y[c] = Σ_i w[from + i] · x[xAt + c·xStep + i],  i < len, c < count.
 * One call computes a whole run (every output of one filter phase), so the loop over outputs runs
 * inside WebAssembly SIMD (f32x4) rather than as one JS → wasm call per output; where SIMD is
 * unavailable a JS loop gives the same numbers up to float32 rounding. `len` must be a multiple of 8
 * (the phases are zero-padded): the kernel reads x up to 7 samples past a run's last tap, and the
 * memory holds zeros there. The module is a few dozen instructions, assembled here so that no binary
 * is committed or built.
 */

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
  kernel = null;
  try {
    const bytes = assembleRunsModule();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      const { mem, runs } = instance.exports as { mem: WebAssembly.Memory; runs: Kernel['runs'] };
      kernel = { memory: mem, runs };
    }
  } catch {
    kernel = null; // no WebAssembly SIMD here: the JS loop gives the same numbers, a little slower
  }
  return kernel;
}

/** (func $runs (param $w $len $x $xStep $y $yStep $count i32)) over an exported memory "mem". */
function assembleRunsModule(): Uint8Array<ArrayBuffer> {
  const uleb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n ? b | 0x80 : b);
    } while (n);
    return out;
  };
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const [I32, V128] = [0x7f, 0x7b];
  const [W, LEN, X, XSTEP, Y, YSTEP, COUNT, A0, A1, P, Q, END] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]; // params, then locals
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
  const v128Load = (offset: number): number[] => simd(0x00, 2, offset);
  const [F32X4_SPLAT, F32X4_LANE, F32X4_ADD, F32X4_MUL] = [0x13, 0x1f, 0xe4, 0xe6];
  const [I32_ADD, I32_SUB, I32_SHL, I32_LT_U, F32_ADD, F32_STORE] = [0x6a, 0x6b, 0x74, 0x49, 0x92, 0x38];
  const add = (i: number, by: number[]): number[] => [...get(i), ...by, I32_ADD, ...set(i)]; // i += by
  const i32 = (c: number): number[] => [0x41, c]; // c < 64
  const f32Zero = [0x43, 0, 0, 0, 0];
  const lane = (l: number): number[] => [...get(A0), ...simd(F32X4_LANE, l)];
  const mulAdd = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...get(P),
    ...v128Load(offset),
    ...get(Q),
    ...v128Load(offset),
    ...simd(F32X4_MUL),
    ...simd(F32X4_ADD),
    ...set(acc),
  ];
  const code = [
    2,
    2,
    V128,
    3,
    I32, // locals: a0 a1 (v128), p q end (i32)
    0x02,
    0x40,
    0x03,
    0x40, // block, loop over outputs
    ...get(COUNT),
    0x45,
    0x0d,
    1, // count == 0 → done
    ...f32Zero,
    ...simd(F32X4_SPLAT),
    ...set(A0),
    ...f32Zero,
    ...simd(F32X4_SPLAT),
    ...set(A1),
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
    0x03,
    0x40, // do { 8 taps } while (p < end)
    ...mulAdd(A0, 0),
    ...mulAdd(A1, 16),
    ...add(P, i32(32)),
    ...add(Q, i32(32)),
    ...get(P),
    ...get(END),
    I32_LT_U,
    0x0d,
    0,
    0x0b,
    ...get(A0),
    ...get(A1),
    ...simd(F32X4_ADD),
    ...set(A0),
    ...get(Y), // address for the store
    ...lane(0),
    ...lane(1),
    F32_ADD,
    ...lane(2),
    ...lane(3),
    F32_ADD,
    F32_ADD,
    F32_STORE,
    2,
    0, // y[c] = (l0 + l1) + (l2 + l3)
    ...add(X, get(XSTEP)),
    ...add(Y, get(YSTEP)),
    ...get(COUNT),
    ...i32(1),
    I32_SUB,
    ...set(COUNT),
    0x0c,
    0,
    0x0b,
    0x0b, // next output; end loop, end block
    0x0b,
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0, // "\0asm", version 1
    ...section(1, [1, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 0]), // type: (i32 × 7) → ()
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 1]), // one memory, min 1 page
    ...section(7, [2, ...name('mem'), 2, 0, ...name('runs'), 0, 0]), // exports
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** Whether the WebAssembly SIMD kernel runs here (Node ≥ 16.4 and Electron have it). */
export function simdAvailable(): boolean {
  return wasmKernel() !== null;
}
