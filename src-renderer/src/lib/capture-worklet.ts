// The microphone's AudioWorklet: gathers the (mono) input into chunks of `chunkFrames` and posts each one to the
// page as a transferred buffer. The page posts the buffers back when done, so steady capture allocates nothing.

// The AudioWorkletGlobalScope's names (not in TypeScript's DOM lib).
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new (options: { processorOptions: { chunkFrames: number } }) => AudioWorkletProcessor): void;

const POOL_LIMIT = 8;

class CaptureProcessor extends AudioWorkletProcessor {
  readonly #frames: number;
  readonly #pool: Float32Array[] = [];
  #chunk: Float32Array;
  #filled = 0;

  constructor(options: { processorOptions: { chunkFrames: number } }) {
    super();
    this.#frames = options.processorOptions.chunkFrames;
    this.#chunk = new Float32Array(this.#frames);
    this.port.onmessage = (e: MessageEvent) => {
      const back = e.data as unknown;
      if (back instanceof Float32Array && back.length === this.#frames && this.#pool.length < POOL_LIMIT) this.#pool.push(back);
    };
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
        const full = this.#chunk;
        this.port.postMessage(full, [full.buffer]);
        this.#chunk = this.#pool.pop() ?? new Float32Array(this.#frames);
        this.#filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('ser-capture', CaptureProcessor);
