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

/** A mel filterbank as per-band bin ranges [start, end) and their weights. */
export interface BandRows {
  start: Int32Array;
  end: Int32Array;
  weights: Float64Array[];
}

/** Writes the nMels band powers of one frame's ordered spectrum z into out[at …]. */
export type MelFrame = (z: Float32Array, out: Float64Array, at: number) => void;

interface Kernel {
  memory: WebAssembly.Memory;
  square: (ptr: number, n: number) => void;
  bands: (list: number, count: number, out: number) => void;
  rows?: BandRows; // the bank currently in the memory
  n?: number;
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
  // Memory: [weights of every band, each padded to 8 floats][(w, len, x) per band][spectrum + 8 zeros][band powers]
  const listFloats = 3 * nMels;
  let wFloats = 0;
  const offsets = rows.start.map((a, m) => {
    const at = wFloats;
    wFloats += padded(a, Math.min(rows.end[m]!, half));
    return at;
  });
  const [listByte, specByte] = [wFloats * 4, (wFloats + listFloats) * 4];
  const outByte = specByte + (nFft + 8) * 4;
  const needed = outByte + nMels * 4;
  if (needed > k.memory.buffer.byteLength) k.memory.grow(Math.ceil((needed - k.memory.buffer.byteLength) / 65536));
  const f32 = new Float32Array(k.memory.buffer);
  if (k.rows !== rows || k.n !== nFft) {
    f32.fill(0, 0, wFloats);
    const list = new Int32Array(k.memory.buffer, listByte, listFloats);
    for (let m = 0; m < nMels; m++) {
      const [a, b, w] = [rows.start[m]!, Math.min(rows.end[m]!, half), rows.weights[m]!];
      // Bin i's weight at the positions of re² and im² (2i, 2i + 1); bin 0 is real: position 1 holds X(n/2).
      for (let i = a; i < b; i++) {
        f32[offsets[m]! + 2 * (i - a)] = w[i - a]!;
        f32[offsets[m]! + 2 * (i - a) + 1] = i === 0 ? 0 : w[i - a]!;
      }
      list.set([offsets[m]! * 4, padded(a, b), specByte + 8 * a], 3 * m);
    }
    f32.fill(0, (specByte >> 2) + nFft, (specByte >> 2) + nFft + 8);
    [k.rows, k.n] = [rows, nFft];
  }
  const bandPowers = new Float32Array(k.memory.buffer, outByte, nMels);
  const { square, bands } = k;
  return (z, out, at) => {
    f32.set(z, specByte >> 2);
    square(specByte, nFft);
    bands(listByte, nMels, outByte);
    for (let m = 0; m < nMels; m++) out[at + m] = bandPowers[m]!;
    for (const m of top) out[at + m] += topWeight(m) * z[1]! * z[1]!;
  };
}

/** Floats of a band's weights for bins [a, b) in the kernel: two per bin, padded to 8 (at least 8: the loop runs once). */
const padded = (a: number, b: number): number => Math.max(8, 8 * Math.ceil((2 * (b - a)) / 8));

function wasmKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const e = instantiateKernels([squareFunction(), bandsFunction()]);
  kernel = e && { memory: e.mem as WebAssembly.Memory, square: e.square as Kernel['square'], bands: e.bands as Kernel['bands'] };
  return kernel;
}

/** square(ptr, n): x[i] *= x[i] for n floats (n a multiple of 4). */
function squareFunction(): KernelFunction {
  const [PTR, N, END] = [0, 1, 2];
  const { get, set, add, i32, simd, v128Load, v128Store, loop, brIf, I32_ADD, I32_SHL, I32_LT_U, F32X4_MUL } = op;
  const code = [
    ...get(PTR),
    ...get(N),
    ...i32(2),
    I32_SHL,
    I32_ADD,
    ...set(END),
    ...loop,
    ...get(PTR),
    ...get(PTR),
    ...v128Load(0),
    ...get(PTR),
    ...v128Load(0),
    ...simd(F32X4_MUL),
    ...v128Store(0),
    ...add(PTR, i32(16)),
    ...get(PTR),
    ...get(END),
    I32_LT_U,
    ...brIf(0),
    op.end,
  ];
  return { name: 'square', params: 2, locals: [[1, I32]], code };
}

/** bands(list, count, out): out[m] = dot over the (wByte, len, xByte) triple m of the list. */
function bandsFunction(): KernelFunction {
  const [LIST, COUNT, OUT, A0, A1, P, Q, END] = [0, 1, 2, 3, 4, 5, 6, 7];
  const { get, set, add, i32, block, loop, br, brIf, I32_ADD, I32_SUB, I32_SHL, I32_EQZ, F32_STORE } = op;
  const field = (i: number): number[] => [...get(LIST), 0x28, 2, 4 * i]; // i32.load offset=4i
  const code = [
    ...block,
    ...loop,
    ...get(COUNT),
    I32_EQZ,
    ...brIf(1),
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
    ...get(COUNT),
    ...i32(1),
    I32_SUB,
    ...set(COUNT),
    ...br(0),
    op.end,
    op.end,
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
