/**
 * Windowed STFT frames by WebAssembly SIMD: the signal is copied into the kernel's memory once,
 * and each frame that lies inside it is y[start …] · window (f32x4), where V8's JS loop storing
 * into float32 was a tenth of the seed feature's time. Frames that reach into the zero padding,
 * and every frame where SIMD is unavailable, are made in JS.
 */
import { I32, instantiateKernels, op, type KernelFunction } from '../wasm-module';

interface Kernel {
  memory: WebAssembly.Memory;
  mul: (a: number, b: number, dst: number, n: number) => void;
}
let kernel: Kernel | null | undefined;

/** Writes frame t of y (windowed, zero outside y) into dst; n = win.length. */
function jsFrame(y: Float32Array, start: number, win: Float32Array, dst: Float32Array): void {
  const n = win.length;
  for (let i = 0; i < n; i++) {
    const j = start + i;
    dst[i] = j >= 0 && j < y.length ? y[j]! * win[i]! : 0;
  }
}

/**
 * A function returning frame t (frame t covers y[t·hop − n/2, t·hop + n/2), zero outside y), windowed;
 * the returned array is reused by the next call.
 */
export function windowedFrames(y: Float32Array, hop: number, win: Float32Array, simd = true): (t: number) => Float32Array {
  const n = win.length;
  const k = simd && n % 4 === 0 ? wasmKernel() : null;
  const scratch = new Float32Array(n);
  if (!k) {
    return (t) => {
      jsFrame(y, t * hop - (n >> 1), win, scratch);
      return scratch;
    };
  }
  // Memory: [window][frame][y]
  const [winByte, frameByte, yByte] = [0, n * 4, n * 8];
  const needed = yByte + y.length * 4;
  if (needed > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  const f32 = new Float32Array(k.memory.buffer);
  f32.set(win, 0);
  f32.set(y, yByte >> 2);
  const frame = new Float32Array(k.memory.buffer, frameByte, n);
  const mul = k.mul;
  return (t) => {
    const start = t * hop - (n >> 1);
    if (start < 0 || start + n > y.length) {
      jsFrame(y, start, win, scratch);
      return scratch;
    }
    mul(yByte + start * 4, winByte, frameByte, n);
    return frame;
  };
}

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const e = instantiateKernels([mulFunction()]);
  kernel = e && { memory: e.mem as WebAssembly.Memory, mul: e.mul as Kernel['mul'] };
  return kernel;
}

/** mul(a, b, dst, n): dst[i] = a[i]·b[i] for n floats (n a multiple of 4, at least 4). */
function mulFunction(): KernelFunction {
  const [A, B, DST, N, END] = [0, 1, 2, 3, 4];
  const { get, set, add, i32, simd, v128Load, v128Store, loop, brIf, I32_ADD, I32_SHL, I32_LT_U, F32X4_MUL } = op;
  const code = [
    ...get(DST),
    ...get(N),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(END),
    ...loop,
    ...get(DST),
    ...get(A),
    ...v128Load(0),
    ...get(B),
    ...v128Load(0),
    ...simd(F32X4_MUL),
    ...v128Store(0),
    ...add(A, i32(16)),
    ...add(B, i32(16)),
    ...add(DST, i32(16)),
    ...get(DST),
    ...get(END),
    I32_LT_U,
    ...brIf(0),
    op.end,
  ];
  return { name: 'mul', params: 4, locals: [[1, I32]], code };
}

/** Whether the WebAssembly SIMD kernel runs here. */
export function windowSimdAvailable(): boolean {
  return wasmKernel() !== null;
}
