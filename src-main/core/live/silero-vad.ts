/**
 * Silero VAD (v5) through onnxruntime-web's wasm build, with the model file that ships in
 * @ricky0123/vad-web: both come from node_modules, nothing is fetched. Runs wherever it is
 * loaded (the live worker), one 512-sample frame of 16 kHz audio at a time.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { Silero } from '@ricky0123/vad-web/dist/models/silero.js';
import type { SpeechProbabilities } from '@ricky0123/vad-web/dist/models/common.js';
import { log as vadLog } from '@ricky0123/vad-web/dist/logging.js';
import type * as OrtModule from 'onnxruntime-web/wasm';

type OrtWasm = typeof OrtModule;

// vad-web prints "Loading VAD..." through console.log; the app reports its own progress and errors.
vadLog.debug = () => undefined;

/** The sample rate and frame length Silero v5 takes. */
export const VAD_SAMPLE_RATE = 16000;
export const VAD_FRAME_SAMPLES = 512;

export interface VadModel {
  /** The probability that the frame is speech. */
  process(frame: Float32Array): Promise<SpeechProbabilities>;
  /** Forgets the recurrent state (a new stream). */
  reset(): void;
}

export class VadLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VadLoadError';
  }
}

let runtime: Promise<{ ort: OrtWasm; model: ArrayBuffer }> | undefined;

/** A new Silero detector with its own recurrent state (one per stream); the runtime and model bytes load once (~1 s). */
export async function loadSileroVad(): Promise<VadModel> {
  try {
    runtime ??= loadRuntime();
    const { ort, model: bytes } = await runtime;
    const model = await Silero.new(ort, async () => bytes);
    return { process: (frame) => model.process(frame), reset: () => model.reset_state() };
  } catch (err) {
    runtime = undefined;
    throw new VadLoadError(`the voice activity detector could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function loadRuntime() {
  const require = createRequire(import.meta.url);
  const ort: OrtWasm = await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = 1; // one worker thread: no nested threads, no SharedArrayBuffer
  ort.env.logLevel = 'error';
  // Where onnxruntime's .wasm lives inside node_modules (the trailing separator matters).
  ort.env.wasm.wasmPaths = dirname(require.resolve('onnxruntime-web/wasm')) + sep;
  const file = join(dirname(require.resolve('@ricky0123/vad-web/package.json')), 'dist', 'silero_vad_v5.onnx');
  const bytes = await readFile(file);
  return { ort, model: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer };
}
