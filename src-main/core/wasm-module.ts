/**
 * A tiny WebAssembly assembler for the few SIMD kernels of the feature pipeline (resampler dot
 * products, mel bands): each kernel is a handful of instructions, assembled at start-up so that no
 * binary is committed or built. Functions take i32 parameters and return nothing; the module
 * exports its memory as "mem".
 */

export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
};

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Instruction encoders (the subset the kernels use). */
export const op = {
  get: (i: number): number[] => [0x20, i],
  set: (i: number): number[] => [0x21, i],
  i32: (c: number): number[] => [0x41, ...sleb(c)],
  simd: (code: number, ...imm: number[]): number[] => [0xfd, ...uleb(code), ...imm],
  /** v128.load with a 4-byte alignment hint and a constant byte offset. */
  v128Load: (offset: number): number[] => [0xfd, 0x00, 2, ...uleb(offset)],
  v128Store: (offset: number): number[] => [0xfd, 0x0b, 2, ...uleb(offset)],
  /** i += by (i32 locals) */
  add: (i: number, by: number[]): number[] => [0x20, i, ...by, 0x6a, 0x21, i],
  /** i32.load with a 4-byte alignment hint and a constant byte offset. */
  i32Load: (offset: number): number[] => [0x28, 2, ...uleb(offset)],
  /** `while (n !== 0) { … }` over an i32 local: the body follows, then whileEnd. */
  whileNonZero: (n: number): number[] => [0x02, 0x40, 0x03, 0x40, 0x20, n, 0x45, 0x0d, 1],
  whileEnd: [0x0c, 0, 0x0b, 0x0b] as number[],
  /** i -= by (an i32 local and a constant) */
  sub: (i: number, by: number): number[] => [0x20, i, 0x41, ...sleb(by), 0x6b, 0x21, i],
  f32Zero4: [0x43, 0, 0, 0, 0, 0xfd, 0x13] as number[], // f32x4.splat(0)
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: 0x0b,
  br: (depth: number): number[] => [0x0c, depth],
  brIf: (depth: number): number[] => [0x0d, depth],
  I32_ADD: 0x6a,
  I32_SUB: 0x6b,
  I32_SHL: 0x74,
  I32_EQZ: 0x45,
  I32_LT_U: 0x49,
  F32_ADD: 0x92,
  F32_STORE: [0x38, 2, 0] as number[],
  F32X4_LANE: 0x1f,
  F32X4_ADD: 0xe4,
  F32X4_MUL: 0xe6,
  /** relaxed SIMD: a·b + c, fused where the CPU has FMA */
  F32X4_RELAXED_MADD: 0x105,
};

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

export interface KernelFunction {
  name: string;
  params: number; // all i32
  /** Local declarations after the parameters, as [count, type] pairs. */
  locals: [number, number][];
  code: number[];
}

/**
 * The module bytes: one memory (min 1 page) exported as "mem", or with `imported` the memory imported as
 * m.mem (another module's, e.g. PFFFT's), and the functions, exported by name.
 */
export function assembleModule(functions: KernelFunction[], imported = false): Uint8Array<ArrayBuffer> {
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const types = functions.flatMap((f) => [0x60, f.params, ...Array<number>(f.params).fill(I32), 0]);
  const bodies = functions.map((f) => {
    const body = [f.locals.length, ...f.locals.flat(), ...f.code, op.end];
    return [...uleb(body.length), ...body];
  });
  const exports = [...name('mem'), 2, 0, ...functions.flatMap((f, i) => [...name(f.name), 0, i])];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0], // "\0asm", version 1
    ...section(1, [functions.length, ...types]),
    ...(imported ? section(2, [1, ...name('m'), ...name('mem'), 2, 0, 0]) : []), // memory import, min 0 pages
    ...section(3, [functions.length, ...functions.map((_, i) => i)]),
    ...(imported ? [] : section(5, [1, 0, 1])),
    ...section(7, [functions.length + 1, ...exports]),
    ...section(10, [functions.length, ...bodies.flat()]),
  ]);
}

/**
 * Instantiates the module (over `memory` when given, else its own), or null where WebAssembly SIMD is
 * unavailable (callers then use JS).
 */
export function instantiateKernels(functions: KernelFunction[], memory?: WebAssembly.Memory): WebAssembly.Exports | null {
  try {
    const bytes = assembleModule(functions, memory !== undefined);
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return null;
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), memory ? { m: { mem: memory } } : {}).exports;
  } catch {
    return null;
  }
}
