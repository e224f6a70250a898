import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { wasmKernelsRegistered } from './wasm-kernels';

describe('backend ladder', () => {
  afterEach(() => {
    delete process.env.SER_BACKEND;
  });

  it('falls from tfjs-node (not installed here) to wasm and says why', async () => {
    const info = await initBackend();
    // tfjs-node is an optionalDependency: when it is installed the ladder stops there.
    let nodeInstalled = true;
    try {
      await import(/* @vite-ignore */ ['@tensorflow', 'tfjs-node'].join('/'));
    } catch {
      nodeInstalled = false;
    }
    if (nodeInstalled) {
      expect(info.name).toBe('tensorflow');
      return;
    }
    expect(info.name).toBe('wasm');
    expect(info.detail).toMatch(/tfjs-node: not installed/);
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmKernelsRegistered()).toBe(true);
  });

  it('can be forced down the ladder, by argument or SER_BACKEND', async () => {
    const cpu = await initBackend('cpu');
    expect(cpu).toMatchObject({ name: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
    process.env.SER_BACKEND = 'wasm';
    const wasm = await initBackend();
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown SER_BACKEND clearly', () => {
    process.env.SER_BACKEND = 'gpu';
    expect(() => initBackend()).toThrow(/SER_BACKEND must be one of/);
  });
});
