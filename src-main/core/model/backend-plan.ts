/**
 * Which TensorFlow.js backend the next job will use, and why, found without loading tfjs: the
 * status bar and `ser` say it before any worker starts. The workers' ladder (backend.ts) makes the
 * final choice; when it differs (tfjs-node installed but its libtensorflow will not load), the
 * workers' report replaces this plan.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BACKEND_NAMES, type BackendName } from './training-types';

export interface BackendPlan {
  name: BackendName;
  /** Why, in words: what was found and what was not. */
  detail: string;
}

/** SER_BACKEND (tensorflow | tfjs-node | node | wasm | cpu) starts the ladder lower down; throws on anything else. */
export function preferredBackend(): BackendName | undefined {
  const v = process.env.SER_BACKEND?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === 'tfjs-node' || v === 'node') return 'tensorflow';
  if ((BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName;
  throw new Error(`SER_BACKEND must be one of tensorflow, wasm, cpu (got "${v}")`);
}

// The smallest module using a SIMD instruction (wasm-feature-detect's test): tfjs picks its SIMD build when it validates.
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

interface Finder {
  resolve(id: string): string | undefined;
  exists(path: string): boolean;
  napiVersion: string | undefined;
}

const nodeFinder = (): Finder => {
  const require = createRequire(import.meta.url);
  return {
    resolve: (id) => {
      try {
        return require.resolve(id);
      } catch {
        return undefined;
      }
    },
    exists: existsSync,
    napiVersion: process.versions.napi,
  };
};

/** What tfjs-node's install left: its package and its native binding (lib/napi-v<N>/tfjs_binding.node, N = this runtime's N-API). */
function tfjsNodeState(find: Finder): { ok: true } | { ok: false; why: string } {
  const main = find.resolve('@tensorflow/tfjs-node/package.json');
  if (!main) return { ok: false, why: 'tfjs-node is not installed (an optional dependency; its install downloads libtensorflow and needs the network)' };
  const binding = join(dirname(main), 'lib', `napi-v${find.napiVersion ?? '?'}`, 'tfjs_binding.node');
  if (!find.exists(binding))
    return { ok: false, why: `tfjs-node is installed without its native binding (${binding} is missing: its install script did not run or failed)` };
  return { ok: true };
}

export function planBackend(prefer: BackendName | undefined = preferredBackend(), find: Finder = nodeFinder()): BackendPlan {
  const skipped: string[] = prefer && prefer !== 'tensorflow' ? [`SER_BACKEND or --backend asks for ${prefer}`] : [];
  if (!prefer || prefer === 'tensorflow') {
    const native = tfjsNodeState(find);
    if (native.ok) return { name: 'tensorflow', detail: 'tfjs-node and its native binding are installed (native libtensorflow, the fastest)' };
    skipped.push(native.why);
  }
  if (prefer !== 'cpu') {
    const wasmMain = find.resolve('@tensorflow/tfjs-backend-wasm');
    const wasmFile = wasmMain && join(dirname(wasmMain), 'tfjs-backend-wasm.wasm');
    if (wasmFile && find.exists(wasmFile)) {
      const simd = WebAssembly.validate(SIMD_PROBE);
      return { name: 'wasm', detail: [...skipped, `WebAssembly${simd ? ' with SIMD' : ' without SIMD'} from ${dirname(wasmFile)}`].join('; ') };
    }
    skipped.push('the WebAssembly backend files are missing');
  }
  return { name: 'cpu', detail: [...skipped, 'the plain JavaScript cpu backend (slow)'].join('; ') };
}
