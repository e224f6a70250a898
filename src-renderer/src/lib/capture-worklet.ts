// The microphone's AudioWorklet: gathers the (mono) input into chunks of `chunkFrames` and posts them to the page
// as transferred buffers, a quiet room's several at a time once the page passes the session's terms
// (capture-batching.ts).
import { QuietBatcher, type QuietBatching } from './capture-batching';

// The AudioWorkletGlobalScope's names (not in TypeScript's DOM lib).
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions: { chunkFrames: number } }) => AudioWorkletProcessor): void;

class CaptureProcessor extends AudioWorkletProcessor {
  readonly #frames: number;
  readonly #batcher = new QuietBatcher();
  #chunk: Float32Array;
  #filled = 0;

  constructor(options: { processorOptions: { chunkFrames: number } }) {
    super();
    this.#frames = options.processorOptions.chunkFrames;
    this.#chunk = new Float32Array(this.#frames);
    this.port.onmessage = (e: MessageEvent<QuietBatching>) => this.#post(this.#batcher.configure(e.data));
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (!input) return true; // no input connected yet (or the track ended): nothing to gather
    let from = 0;
    while (from < input.length) {
      const n = Math.min(input.length - from, this.#frames - this.#filled);
      this.#chunk.set(input.subarray(from, from + n), this.#filled);
      this.#filled += n;
      from += n;
      if (this.#filled === this.#frames) {
        this.#post(this.#batcher.take(this.#chunk));
        this.#chunk = new Float32Array(this.#frames); // the posted one is transferred away (or held by the batcher)
        this.#filled = 0;
      }
    }
    return true;
  }

  #post(messages: Float32Array[]): void {
    for (const m of messages) this.port.postMessage(m, [m.buffer]);
  }
}

registerProcessor('ser-capture', CaptureProcessor);
