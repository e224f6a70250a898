/**
 * Faster kernels for the wasm backend, same results:
 * - BatchMatMul: tfjs-backend-wasm handles a transposed operand (every matmul of the backward
 *   pass) with a scalar loop; its Transpose kernel and its untransposed matmul (XNNPACK) are fast.
 *   So: transpose first, then multiply plainly. About 8x faster training (DESIGN.md). A transposed
 *   right operand is kept for the next products with the same operand: the LSTM's backward pass
 *   multiplies by its recurrent kernel's transpose at each of its 40 steps, and XNNPACK keeps the
 *   weights it packed for an operand by the operand's id, so one copy is also one packing.
 * - Slice / SplitV: the stock Slice copies the *whole* input out of the wasm heap before taking
 *   its part (the LSTM splits its 4 gates this way every step); these copy from a heap view.
 * - Identity: the stock one copies; tf.clone (used to save tensors for the backward pass) only
 *   needs a shared, reference-counted buffer, as the cpu backend and wasm's Reshape do.
 */
import * as tf from '@tensorflow/tfjs';

type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelFunc = KernelConfig['kernelFunc'];
interface TensorInfo {
  dataId: object;
  shape: number[];
  dtype: string;
}
interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

const originals = new Map<string, KernelConfig>();
const original = (name: string) => originals.get(name)!.kernelFunc;

/** Swaps the last two axes of `x` with wasm's own Transpose kernel. */
function transposeLastTwo(x: TensorInfo, backend: unknown, transpose: KernelFunc): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return transpose({ inputs: { x }, backend, attrs: { perm } } as never) as TensorInfo;
}

/** Transposed right operands by the data they were made from (tensor data never changes; new data has a new id). */
const transposedOperands = new Map<object, TensorInfo>();
/** Enough for one training step's weights (LSTM and dense kernels); the oldest copy is freed first. */
const TRANSPOSED_KEPT = 8;

function transposedOperand(b: TensorInfo, backend: WasmBackendLike, flip: (x: TensorInfo) => TensorInfo): TensorInfo {
  const kept = transposedOperands.get(b.dataId);
  if (kept) {
    transposedOperands.delete(b.dataId);
    transposedOperands.set(b.dataId, kept);
    return kept;
  }
  const t = flip(b);
  transposedOperands.set(b.dataId, t);
  if (transposedOperands.size > TRANSPOSED_KEPT) {
    const [oldest, copy] = transposedOperands.entries().next().value!;
    transposedOperands.delete(oldest);
    backend.disposeData(copy.dataId);
  }
  return t;
}

/** Frees the kept transposed operands (done when the kernels are unregistered; tests count backend data with it). */
export function forgetTransposedOperands(): void {
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | null;
  for (const copy of transposedOperands.values()) backend?.disposeData(copy.dataId);
  transposedOperands.clear();
}

const batchMatMul: KernelFunc = (args) => {
  const base = original('BatchMatMul');
  const { inputs, backend, attrs } = args as unknown as {
    inputs: { a: TensorInfo; b: TensorInfo };
    backend: WasmBackendLike;
    attrs: { transposeA: boolean; transposeB: boolean };
  };
  if (!attrs.transposeA && !attrs.transposeB) return base(args);
  const transpose = tf.getKernel('Transpose', 'wasm')!.kernelFunc;
  const temps: TensorInfo[] = [];
  const temp = (x: TensorInfo) => (temps.push(x), x);
  const plain = (a: TensorInfo, b: TensorInfo) =>
    base({ ...args, inputs: { a, b }, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as TensorInfo;
  const flip = (x: TensorInfo) => transposeLastTwo(x, backend, transpose);
  const { a, b } = inputs;
  try {
    return plain(attrs.transposeA ? temp(flip(a)) : a, attrs.transposeB ? transposedOperand(b, backend, flip) : b) as never;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
};

/** Copies x[begin … begin+size) using views on the wasm heap (views taken after makeOutput, which may grow it). */
function sliceFromHeap(x: TensorInfo, begin: number[], size: number[], backend: WasmBackendLike): TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  if (tf.slice_util.isSliceContinous(x.shape, begin, size)) {
    const offset = tf.slice_util.computeFlatOffset(begin, strides);
    dst.set(src.subarray(offset, offset + dst.length));
    return out;
  }
  // Copy contiguous runs along the last axis, walking the other axes like an odometer.
  const run = size[rank - 1];
  const rows = dst.length / Math.max(run, 1);
  const index = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let r = 0; r < rows; r++) {
    let offset = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) offset += (begin[d] + index[d]) * strides[d];
    dst.set(src.subarray(offset, offset + run), r * run);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

const slice: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as {
    inputs: { x: TensorInfo };
    backend: WasmBackendLike;
    attrs: { begin: number[] | number; size: number[] | number };
  };
  const { x } = inputs;
  if (x.dtype === 'string') return original('Slice')(args);
  const [begin, size] = tf.slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
  return sliceFromHeap(x, begin, size, backend) as never;
};

const splitV: KernelFunc = (args) => {
  const { inputs, backend, attrs } = args as unknown as {
    inputs: { x: TensorInfo };
    backend: WasmBackendLike;
    attrs: { numOrSizeSplits: number[] | number; axis: number };
  };
  const { x } = inputs;
  if (x.dtype === 'string') return original('SplitV')(args);
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = x.shape.slice();
    size[axis] = s;
    const part = sliceFromHeap(x, begin.slice(), size, backend);
    begin[axis] += s;
    return part;
  }) as never;
};

const identity: KernelFunc = (args) => {
  const { inputs, backend } = args as unknown as { inputs: { x: TensorInfo }; backend: WasmBackendLike };
  const { x } = inputs;
  if (x.dtype === 'string') return original('Identity')(args);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype } as never;
};

const REPLACEMENTS: Record<string, KernelFunc> = { BatchMatMul: batchMatMul, Slice: slice, SplitV: splitV, Identity: identity };

/** Replaces the wasm kernels above (idempotent). Call after tf.setBackend('wasm') succeeded. */
export function registerWasmKernels(): void {
  if (originals.size) return;
  for (const name of Object.keys(REPLACEMENTS)) {
    if (!tf.getKernel(name, 'wasm')) throw new Error(`the wasm backend has no ${name} kernel to replace`);
  }
  for (const [name, kernelFunc] of Object.entries(REPLACEMENTS)) {
    const existing = tf.getKernel(name, 'wasm')!;
    originals.set(name, { ...existing });
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...existing, kernelFunc });
  }
}

/** Restores the stock kernels (for comparisons in tests and benchmarks). */
export function unregisterWasmKernels(): void {
  forgetTransposedOperands();
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(config);
  }
  originals.clear();
}

export function wasmKernelsRegistered(): boolean {
  return originals.size > 0;
}
