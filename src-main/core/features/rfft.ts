/**
 * Real FFT through PFFFT (@echogarden/pffft-wasm, WebAssembly SIMD build): a 2048-point transform takes
 * about a quarter of the time of fft.js's pair-of-frames trick here. Its emscripten glue only
 * instantiates asynchronously; the features are synchronous, so the binary is instantiated here
 * synchronously with the three imports the glue would give it. The export names are the minified ones
 * of version 0.4.2 (pinned in package.json); `checkExports` turns a different build into a clear error.
 * Float32, as librosa's STFT (complex64 output).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface Pffft {
  memory: WebAssembly.Memory;
  malloc: (bytes: number) => number;
  free: (ptr: number) => void;
  newSetup: (n: number, kind: number) => number;
  transformOrdered: (setup: number, input: number, output: number, work: number, direction: number) => void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;
let pffft: Pffft | undefined;

function load(): Pffft {
  if (pffft) return pffft;
  const glue = createRequire(import.meta.url).resolve('@echogarden/pffft-wasm/simd');
  const module = new WebAssembly.Module(readFileSync(join(dirname(glue), 'pffft.wasm')));
  const own: { memory?: WebAssembly.Memory } = {}; // set once instantiated; the imports run only after that
  const imports = {
    a: {
      a: () => {
        throw new Error('pffft: internal assertion failed');
      },
      b: (requested: number) => {
        const m = own.memory!;
        const pages = Math.ceil((requested >>> 0) / 65536) - m.buffer.byteLength / 65536;
        try {
          if (pages > 0) m.grow(pages);
          return 1;
        } catch {
          return 0;
        }
      },
      c: (dest: number, src: number, n: number) => new Uint8Array(own.memory!.buffer).copyWithin(dest, src, src + n),
    },
  };
  const e = new WebAssembly.Instance(module, imports).exports as Record<string, unknown>;
  checkExports(e);
  const memory = (own.memory = e.d as WebAssembly.Memory);
  (e.e as () => void)(); // static constructors
  pffft = {
    memory,
    malloc: e.f as Pffft['malloc'],
    free: e.h as Pffft['free'],
    newSetup: e.k as Pffft['newSetup'],
    transformOrdered: e.p as Pffft['transformOrdered'],
  };
  if ((e.j as () => number)() !== 4) throw new Error('pffft: the SIMD build did not load (simd size is not 4)');
  return pffft;
}

/** Export name → parameter count, for the functions used (pffft_aligned_malloc, pffft_aligned_free, simd_size, new_setup, transform_ordered). */
function checkExports(e: Record<string, unknown>): void {
  const expected: Record<string, number> = { e: 0, f: 1, h: 1, j: 0, k: 2, p: 5 };
  const ok = e.d instanceof WebAssembly.Memory && Object.entries(expected).every(([k, n]) => typeof e[k] === 'function' && (e[k] as () => void).length === n);
  if (!ok) throw new Error('pffft: unexpected exports: @echogarden/pffft-wasm must be version 0.4.2');
}

/**
 * PFFFT's memory and allocator (16-byte aligned blocks). The window and mel kernels keep their buffers
 * in it, so a frame goes from the window kernel into the FFT, and its spectrum from the FFT into the mel
 * kernel, without a copy. Any malloc may grow the memory, which detaches earlier views of it.
 */
export interface FftHeap {
  memory: WebAssembly.Memory;
  malloc(bytes: number): number;
  free(ptr: number): void;
}

export function fftHeap(): FftHeap {
  const { memory, malloc, free } = load();
  return { memory, malloc, free };
}

/** A forward real FFT of one size over buffers in the wasm memory; `input` is filled by the caller. */
export interface RealFft {
  /** Float32 view of the n input samples (re-read after each call: the memory may grow). */
  input(): Float32Array;
  /** Transforms input() and returns the ordered spectrum: [X0, X(n/2), Re X1, Im X1, Re X2, Im X2, …]. */
  forward(): Float32Array;
}

const plans = new Map<number, RealFft>();

/** PFFFT's real transforms need n to be a multiple of 32 (all power-of-two STFT sizes from 32 up). */
export function realFft(n: number): RealFft {
  let plan = plans.get(n);
  if (plan) return plan;
  if (!(Number.isInteger(n) && n >= 32 && n % 32 === 0)) throw new RangeError(`real FFT size must be a multiple of 32, got ${n}`);
  const p = load();
  const setup = p.newSetup(n, PFFFT_REAL);
  const inPtr = p.malloc(n * 4);
  const outPtr = p.malloc(n * 4);
  const workPtr = p.malloc(n * 4);
  if (!setup || !inPtr || !outPtr || !workPtr) throw new Error(`pffft: could not set up a ${n}-point transform`);
  // Views are remade only when the memory has grown (which detaches the old buffer).
  let buffer: ArrayBufferLike | undefined;
  let inView = new Float32Array(0);
  let outView = inView;
  const views = (): void => {
    if (buffer === p.memory.buffer) return;
    buffer = p.memory.buffer;
    inView = new Float32Array(buffer, inPtr, n);
    outView = new Float32Array(buffer, outPtr, n);
  };
  plan = {
    input: () => (views(), inView),
    forward: () => {
      p.transformOrdered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
      views();
      return outView;
    },
  };
  plans.set(n, plan);
  return plan;
}
