/**
 * Chooses the TensorFlow.js backend once per thread: tfjs-node (native) → wasm → cpu.
 * The choice and the reason for it are reported, because training speed differs by 10–100x.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { preferredBackend } from './backend-plan';
import { BACKEND_NAMES, type BackendName } from './training-types';
import { registerWasmKernels } from './wasm-kernels';

export type { BackendName };

export interface BackendInfo {
  name: BackendName;
  /** Why this backend: e.g. "tfjs-node not installed (…); wasm simd". */
  detail: string;
}

const LADDER: readonly BackendName[] = BACKEND_NAMES;
let current: Promise<BackendInfo> | undefined;
let currentPrefer: BackendName | undefined;

function message(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}

async function tryTensorflow(): Promise<string> {
  // A variable specifier keeps bundlers from resolving the optional native package at build time.
  const name = '@tensorflow/tfjs-node';
  await import(/* @vite-ignore */ name);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tf.setBackend("tensorflow") returned false');
  return 'tfjs-node (native libtensorflow)';
}

async function tryWasm(): Promise<string> {
  const require = createRequire(import.meta.url);
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // The .wasm binaries sit beside the package's main file; the trailing separator matters.
  const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(distDir + sep);
  // A wrong path does not throw: setBackend resolves to false.
  if (!(await tf.setBackend('wasm'))) throw new Error(`tf.setBackend("wasm") returned false (wasm files in ${distDir})`);
  registerWasmKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return `wasm${simd ? ' simd' : ''}, faster BatchMatMul/Slice/Identity kernels`;
}

async function tryCpu(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
  // The cpu backend prints an install-tfjs-node banner on first use; the detail says it instead.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return 'plain JavaScript cpu backend (slow)';
}

const attempts: Record<BackendName, () => Promise<string>> = { tensorflow: tryTensorflow, wasm: tryWasm, cpu: tryCpu };

async function choose(prefer: BackendName | undefined): Promise<BackendInfo> {
  const start = prefer ? LADDER.indexOf(prefer) : 0;
  const skipped: string[] = prefer && start > 0 ? [`${prefer} requested`] : [];
  for (const name of LADDER.slice(start)) {
    try {
      const how = await attempts[name]();
      await tf.ready();
      return { name, detail: [...skipped, how].join('; ') };
    } catch (err) {
      skipped.push(`${name === 'tensorflow' ? 'tfjs-node' : name}: ${message(err)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start: ${skipped.join('; ')}`);
}

/**
 * Initialises the backend for this thread (once; later calls return the same answer unless a
 * different backend is asked for). `prefer` (or env SER_BACKEND) starts the ladder lower down.
 */
export function initBackend(prefer?: BackendName): Promise<BackendInfo> {
  const wanted = prefer ?? preferredBackend();
  if (!current || wanted !== currentPrefer) {
    currentPrefer = wanted;
    current = choose(wanted);
    current.catch(() => {
      current = undefined;
    });
  }
  return current;
}
