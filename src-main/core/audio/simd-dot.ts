/**
 * Dot products for the resampler: w[from..to) · x[first..], both float64. WebAssembly SIMD (f64x2)
 * does them about 2–3× faster than the JS loop; where SIMD is unavailable the JS loop is used.
 * The module is a dozen instructions, assembled here so that no binary is committed or built.
 */

/** A dot product over the weights and the signal given to `prepareDot`. */
export type Dot = (from: number, to: number, first: number) => number;

/** Σ w[p]·x[q], p ∈ [from, to), q from `first`; four partial sums break the add-latency chain. */
export function jsDot(w: Float64Array, from: number, to: number, x: Float64Array, first: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let p = from;
  let q = first;
  for (const end4 = to - 3; p < end4; p += 4, q += 4) {
    a0 += w[p]! * x[q]!;
    a1 += w[p + 1]! * x[q + 1]!;
    a2 += w[p + 2]! * x[q + 2]!;
    a3 += w[p + 3]! * x[q + 3]!;
  }
  for (; p < to; p++, q++) a0 += w[p]! * x[q]!;
  return a0 + a1 + (a2 + a3);
}

interface Kernel {
  memory: WebAssembly.Memory;
  dot: (wByte: number, xByte: number, n: number) => number;
  weights?: Float64Array; // the weights currently at byte 0 of the memory
}
let kernel: Kernel | null | undefined;

/** A Dot over (weights, x): the SIMD kernel when available (and `simd` is not false), else JS. */
export function prepareDot(weights: Float64Array, x: Float32Array, simd = true): Dot {
  const k = simd ? wasmKernel() : null;
  if (!k) {
    const x64 = Float64Array.from(x);
    return (from, to, first) => jsDot(weights, from, to, x64, first);
  }
  const xByte = weights.length * 8;
  const needed = xByte + x.length * 8;
  if (needed > k.memory.buffer.byteLength) {
    k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  }
  const heap = new Float64Array(k.memory.buffer);
  if (k.weights !== weights) {
    heap.set(weights, 0);
    k.weights = weights;
  }
  heap.set(x, weights.length);
  const dot = k.dot;
  return (from, to, first) => dot(from * 8, xByte + first * 8, to - from);
}

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const bytes = assembleDotModule();
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
      const { mem, dot } = instance.exports as { mem: WebAssembly.Memory; dot: Kernel['dot'] };
      kernel = { memory: mem, dot };
    }
  } catch {
    kernel = null; // no WebAssembly SIMD here: the JS loop gives the same numbers, a little slower
  }
  return kernel;
}

/** (func $dot (param $w i32) (param $x i32) (param $n i32) (result f64)) over an exported memory "mem". */
function assembleDotModule(): Uint8Array<ArrayBuffer> {
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
  const [I32, F64, V128] = [0x7f, 0x7c, 0x7b];
  const [W, X, N, A0, A1, END, S] = [0, 1, 2, 3, 4, 5, 6]; // params, then locals
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
  const v128Load = (offset: number): number[] => simd(0x00, 3, offset);
  const [F64X2_ADD, F64X2_MUL, F64X2_LANE] = [0xf0, 0xf2, 0x21];
  const addConst = (i: number, c: number): number[] => [...get(i), 0x41, c, 0x6a, ...set(i)]; // i += c (c < 64)
  const loopWhileBelowEnd = (body: number[]): number[] => [0x02, 0x40, 0x03, 0x40, ...get(W), ...get(END), 0x4f, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
  const code = [
    3,
    2,
    V128,
    1,
    I32,
    1,
    F64, // locals: a0 a1 (v128), end (i32), s (f64)
    ...get(W),
    ...get(N),
    0x41,
    0x7c,
    0x71,
    0x41,
    3,
    0x74,
    0x6a,
    ...set(END), // end = w + (n & -4) * 8
    ...loopWhileBelowEnd([
      ...get(A0),
      ...get(W),
      ...v128Load(0),
      ...get(X),
      ...v128Load(0),
      ...simd(F64X2_MUL),
      ...simd(F64X2_ADD),
      ...set(A0),
      ...get(A1),
      ...get(W),
      ...v128Load(16),
      ...get(X),
      ...v128Load(16),
      ...simd(F64X2_MUL),
      ...simd(F64X2_ADD),
      ...set(A1),
      ...addConst(W, 32),
      ...addConst(X, 32),
    ]),
    ...get(A0),
    ...get(A1),
    ...simd(F64X2_ADD),
    ...set(A0),
    ...get(A0),
    ...simd(F64X2_LANE, 0),
    ...get(A0),
    ...simd(F64X2_LANE, 1),
    0xa0,
    ...set(S),
    ...get(END),
    ...get(N),
    0x41,
    3,
    0x71,
    0x41,
    3,
    0x74,
    0x6a,
    ...set(END), // end += (n & 3) * 8
    ...loopWhileBelowEnd([
      ...get(S),
      ...get(W),
      0x2b,
      3,
      0,
      ...get(X),
      0x2b,
      3,
      0,
      0xa2,
      0xa0,
      ...set(S), // s += w[i] * x[i]
      ...addConst(W, 8),
      ...addConst(X, 8),
    ]),
    ...get(S),
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
    ...section(1, [1, 0x60, 3, I32, I32, I32, 1, F64]), // type: (i32, i32, i32) → f64
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 1]), // one memory, min 1 page
    ...section(7, [2, ...name('mem'), 2, 0, ...name('dot'), 0, 0]), // exports
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** Whether the WebAssembly SIMD kernel runs here (Node ≥ 16.4 and Electron have it). */
export function simdAvailable(): boolean {
  return wasmKernel() !== null;
}
