/**
 * Windowed STFT frames by WebAssembly SIMD: the signal is copied into the kernel's memory once,
 * and each frame that lies inside it is y[start …] · window (f32x4), where V8's JS loop storing
 * into float32 was a tenth of the seed feature's time. The kernel's memory is PFFFT's, so a frame is
 * written straight into the FFT's input; the signal sits between n/2 zeros on each side, so the frames
 * that reach into librosa's centring padding are kernel calls too. Where SIMD is unavailable, frames are
 * made in JS.
 */
import { I32, instantiateKernels, op, type KernelFunction } from '../wasm-module';
import { fftHeap, type FftHeap, type RealFft } from './rfft';

/** The kernel works in PFFFT's memory (see FftHeap): the window and the signal are in blocks of it. */
interface Kernel {
  heap: FftHeap;
  mul: (a: number, b: number, dst: number, n: number) => void;
  win?: { of: Float32Array; ptr: number };
  y?: Block;
  frame?: Block; // where frames go when they do not go into an FFT's input
}
interface Block {
  ptr: number;
  floats: number;
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
 * the returned array is reused by the next call. With `fft` (of size n), the frames are written straight
 * into fft.input() and that is what is returned.
 */
export function windowedFrames(y: Float32Array, hop: number, win: Float32Array, simd = true, fft?: RealFft): (t: number) => Float32Array {
  const n = win.length;
  const k = simd && n % 4 === 0 ? wasmKernel() : null;
  const scratch = new Float32Array(n);
  if (!k) {
    return (t) => {
      jsFrame(y, t * hop - (n >> 1), win, scratch);
      return scratch;
    };
  }
  const winPtr = placeWindow(k, win);
  // y with n/2 zeros on each side (the centring padding): every frame, the edges too, is one kernel call.
  const half = n >> 1;
  k.y = block(k.heap, k.y, half + y.length + half);
  const padded = new Float32Array(k.heap.memory.buffer, k.y.ptr, half + y.length + half);
  padded.fill(0, 0, half);
  padded.set(y, half);
  padded.fill(0, half + y.length);
  const yPtr = k.y.ptr + half * 4; // y[0]
  const own = fft ? 0 : (k.frame = block(k.heap, k.frame, n)).ptr;
  // Views are taken after the allocations, which may grow the memory.
  const frameOut = fft ? () => fft.input() : () => new Float32Array(k.heap.memory.buffer, own, n);
  let frame = frameOut();
  const mul = k.mul;
  return (t) => {
    const start = t * hop - half;
    if (start < -half || start + n > y.length + half) {
      jsFrame(y, start, win, scratch); // past the padding: only a caller asking for frames beyond the STFT's
      return scratch;
    }
    if (frame.buffer !== k.heap.memory.buffer || fft) frame = frameOut();
    mul(yPtr + start * 4, winPtr, frame.byteOffset, n);
    return frame;
  };
}

/** The window's block of the heap, filled when the window changed. */
function placeWindow(k: Kernel, win: Float32Array): number {
  if (k.win?.of !== win) {
    if (k.win) k.heap.free(k.win.ptr);
    k.win = { of: win, ptr: k.heap.malloc(win.length * 4) };
    if (!k.win.ptr) throw new Error('window kernel: out of memory');
    new Float32Array(k.heap.memory.buffer, k.win.ptr, win.length).set(win);
  }
  return k.win.ptr;
}

/**
 * `current` if it holds `floats`, else a new block, rounded up to 64 Ki floats so that clips of similar
 * lengths share one (wasm memory never shrinks: the largest signal's block stays, but no more).
 */
function block(heap: FftHeap, current: Block | undefined, floats: number): Block {
  if (current && current.floats >= floats) return current;
  if (current) heap.free(current.ptr);
  const size = 65536 * Math.max(1, Math.ceil(floats / 65536));
  const ptr = heap.malloc(size * 4);
  if (!ptr) throw new Error('window kernel: out of memory');
  return { ptr, floats: size };
}

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const heap = fftHeap();
  const e = instantiateKernels([mulFunction()], heap.memory);
  kernel = e && { heap, mul: e.mul as Kernel['mul'] };
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
