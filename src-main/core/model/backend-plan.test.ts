import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { planBackend } from './backend-plan';

/** A file system where only `files` exist and packages resolve to `<name>/dist/index.js` when listed in `installed`. */
function finder(installed: string[], files: string[] = []) {
  return {
    resolve: (id: string) => {
      const pkg = installed.find((p) => id === p || id.startsWith(`${p}/`));
      return pkg ? `/nm/${pkg}/${id.endsWith('package.json') ? 'package.json' : 'dist/index.js'}` : undefined;
    },
    exists: (path: string) => files.includes(path),
    napiVersion: '9',
  };
}
const WASM = ['@tensorflow/tfjs-backend-wasm'];
const WASM_FILE = '/nm/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';

describe('the backend the next job will use', () => {
  afterEach(() => {
    delete process.env.SER_BACKEND;
  });

  it('says wasm, and that tfjs-node is not installed, when it is not', () => {
    const plan = planBackend(undefined, finder(WASM, [WASM_FILE]));
    expect(plan.name).toBe('wasm');
    expect(plan.detail).toMatch(
      /^tfjs-node is not installed \(an optional dependency; its install downloads libtensorflow and needs the network\); WebAssembly/,
    );
  });

  it('says tensorflow when tfjs-node and its native binding are there, and wasm with the reason when the binding is missing', () => {
    const binding = '/nm/@tensorflow/tfjs-node/lib/napi-v9/tfjs_binding.node';
    expect(planBackend(undefined, finder(['@tensorflow/tfjs-node', ...WASM], [binding, WASM_FILE])).name).toBe('tensorflow');
    const noBinding = planBackend(undefined, finder(['@tensorflow/tfjs-node', ...WASM], [WASM_FILE]));
    expect(noBinding.name).toBe('wasm');
    expect(noBinding.detail).toContain(`installed without its native binding (${binding} is missing`);
  });

  it('follows a request for a lower backend, and falls to cpu when the wasm files are missing', () => {
    expect(planBackend('cpu', finder(WASM, [WASM_FILE]))).toMatchObject({ name: 'cpu', detail: expect.stringMatching(/asks for cpu/) });
    expect(planBackend(undefined, finder(WASM, [])).detail).toMatch(/WebAssembly backend files are missing; the plain JavaScript cpu backend/);
    process.env.SER_BACKEND = 'wasm';
    expect(
      planBackend(undefined, finder(['@tensorflow/tfjs-node', ...WASM], ['/nm/@tensorflow/tfjs-node/lib/napi-v9/tfjs_binding.node', WASM_FILE])).name,
    ).toBe('wasm');
  });

  it('names the backend that the workers then really start on this machine', async () => {
    const plan = planBackend();
    expect((await initBackend()).name).toBe(plan.name);
  });
});
