/**
 * Power spectrum and mel bands of one STFT frame in one pass of WebAssembly SIMD, over the sparse
 * filter rows (each band touches only its ~2·nFft/nMels nonzero bins): float32, as librosa's
 * |X|² and mel matmul. The ordered real spectrum [X0, X(n/2), Re X1, Im X1, …] is squared in place
 * and each band is a dot product of its weights, duplicated for the re² and im² of each bin, with
 * that squared spectrum; X(n/2) (stored at position 1) is added in JS for the bands that reach it.
 * Where SIMD is unavailable the same sums run in JS.
 */
import { dotCode } from '../audio/simd-dot';
import { I32, V128, instantiateKernels, op, type KernelFunction } from '../wasm-module';
import { fftHeap, type FftHeap } from './rfft';

/** A mel filterbank as per-band bin ranges [start, end) and their weights. */
export interface BandRows {
  start: Int32Array;
  end: Int32Array;
  weights: Float64Array[];
}

/** Writes the nMels band powers of one frame's ordered spectrum z into out[at …]. */
export type MelFrame = (z: Float32Array, out: Float64Array, at: number) => void;

/** The kernel works in PFFFT's memory (see FftHeap), so a spectrum the FFT left there is read in place. */
interface Kernel {
  heap: FftHeap;
  square: (src: number, dst: number, n: number) => void;
  bands: (list: number, count: number, out: number) => void;
  rows?: BandRows; // the bank currently in the kernel's block
  n?: number;
  block?: number; // its address
}
let kernel: Kernel | null | undefined;

export function melFrame(rows: BandRows, nFft: number, simd = true): MelFrame {
  const half = nFft >> 1;
  const nMels = rows.start.length;
  // Bands that reach bin n/2, whose weight there applies to z[1]; the kernel covers bins < n/2.
  const top = Array.from(rows.start.keys()).filter((m) => rows.end[m]! > half);
  const topWeight = (m: number): number => rows.weights[m]![half - rows.start[m]!]!;
  const k = simd ? wasmKernel() : null;
  if (!k) {
    return (z, out, at) => {
      for (let m = 0; m < nMels; m++) {
        const [a, b, w] = [rows.start[m]!, Math.min(rows.end[m]!, half), rows.weights[m]!];
        let s = 0;
        for (let i = a; i < b; i++) s += w[i - a]! * (i === 0 ? z[0]! * z[0]! : z[2 * i]! * z[2 * i]! + z[2 * i + 1]! * z[2 * i + 1]!);
        out[at + m] = s;
      }
      for (const m of top) out[at + m] += topWeight(m) * z[1]! * z[1]!;
    };
  }
  // Block: [weights of every band, each padded to 8 floats][(w, len, x) per band][spectrum + 8 zeros][band powers]
  const listFloats = 3 * nMels;
  let wFloats = 0;
  const offsets = rows.start.map((a, m) => {
    const at = wFloats;
    wFloats += padded(a, Math.min(rows.end[m]!, half));
    return at;
  });
  const { heap } = k;
  if (k.rows !== rows || k.n !== nFft || k.block === undefined) {
    if (k.block !== undefined) heap.free(k.block);
    k.block = heap.malloc((wFloats + listFloats + nFft + 8 + nMels) * 4);
    if (!k.block) throw new Error('mel kernel: out of memory');
    const f32 = new Float32Array(heap.memory.buffer, k.block, wFloats + listFloats + nFft + 8);
    f32.fill(0);
    const list = new Int32Array(heap.memory.buffer, k.block + wFloats * 4, listFloats);
    const specByte = k.block + (wFloats + listFloats) * 4;
    for (let m = 0; m < nMels; m++) {
      const [a, b, w] = [rows.start[m]!, Math.min(rows.end[m]!, half), rows.weights[m]!];
      // Bin i's weight at the positions of re² and im² (2i, 2i + 1); bin 0 is real: position 1 holds X(n/2).
      for (let i = a; i < b; i++) {
        f32[offsets[m]! + 2 * (i - a)] = w[i - a]!;
        f32[offsets[m]! + 2 * (i - a) + 1] = i === 0 ? 0 : w[i - a]!;
      }
      list.set([k.block + offsets[m]! * 4, padded(a, b), specByte + 8 * a], 3 * m);
    }
    [k.rows, k.n] = [rows, nFft];
  }
  const listByte = k.block + wFloats * 4;
  const specByte = listByte + listFloats * 4;
  const outByte = specByte + (nFft + 8) * 4;
  let bandPowers = new Float32Array(0);
  const { square, bands } = k;
  return (z, out, at) => {
    // A spectrum in the kernel's memory (PFFFT's output) is squared from where it is; any other is copied in first.
    let zByte = z.byteOffset;
    if (z.buffer !== heap.memory.buffer) {
      new Float32Array(heap.memory.buffer, specByte, nFft).set(z);
      zByte = specByte;
    }
    square(zByte, specByte, nFft);
    bands(listByte, nMels, outByte);
    if (bandPowers.buffer !== heap.memory.buffer) bandPowers = new Float32Array(heap.memory.buffer, outByte, nMels);
    for (let m = 0; m < nMels; m++) out[at + m] = bandPowers[m]!;
    for (const m of top) out[at + m] += topWeight(m) * z[1]! * z[1]!;
  };
}

/** Floats of a band's weights for bins [a, b) in the kernel: two per bin, padded to 8 (at least 8: the loop runs once). */
const padded = (a: number, b: number): number => Math.max(8, 8 * Math.ceil((2 * (b - a)) / 8));

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const heap = fftHeap();
  const e = instantiateKernels([squareFunction(), bandsFunction()], heap.memory);
  kernel = e && { heap, square: e.square as Kernel['square'], bands: e.bands as Kernel['bands'] };
  return kernel;
}

/** square(src, dst, n): dst[i] = src[i]² for n floats (n a multiple of 4). */
function squareFunction(): KernelFunction {
  const [SRC, DST, N, END] = [0, 1, 2, 3];
  const { get, set, add, i32, simd, v128Load, v128Store, loop, brIf, I32_ADD, I32_SHL, I32_LT_U, F32X4_MUL } = op;
  const code = [
    ...get(SRC),
    ...get(N),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(END),
    ...loop,
    ...get(DST),
    ...get(SRC),
    ...v128Load(0),
    ...get(SRC),
    ...v128Load(0),
    ...simd(F32X4_MUL),
    ...v128Store(0),
    ...add(SRC, i32(16)),
    ...add(DST, i32(16)),
    ...get(SRC),
    ...get(END),
    I32_LT_U,
    ...brIf(0),
    op.end,
  ];
  return { name: 'square', params: 3, locals: [[1, I32]], code };
}

/** bands(list, count, out): out[m] = dot over the (wByte, len, xByte) triple m of the list. */
function bandsFunction(): KernelFunction {
  const [LIST, COUNT, OUT, A0, A1, P, Q, END] = [0, 1, 2, 3, 4, 5, 6, 7];
  const { get, set, add, sub, i32, i32Load, whileNonZero, whileEnd, I32_ADD, I32_SHL, F32_STORE } = op;
  const field = (i: number): number[] => [...get(LIST), ...i32Load(4 * i)];
  const code = [
    ...whileNonZero(COUNT),
    ...field(0),
    ...set(P),
    ...field(2),
    ...set(Q),
    ...get(P),
    ...field(1),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(END),
    ...get(OUT),
    ...dotCode({ a0: A0, a1: A1, p: P, q: Q, end: END }),
    ...F32_STORE,
    ...add(LIST, i32(12)),
    ...add(OUT, i32(4)),
    ...sub(COUNT, 1),
    ...whileEnd,
  ];
  return {
    name: 'bands',
    params: 3,
    locals: [
      [2, V128],
      [3, I32],
    ],
    code,
  };
}

/** Whether the WebAssembly SIMD kernels run here (Node ≥ 16.4 and Electron have them). */
export function melSimdAvailable(): boolean {
  return wasmKernel() !== null;
}
