// What the Live view sent, kept in the renderer so each utterance can be replayed without asking the host:
// a fixed-size ring of samples indexed like the session (sample 0 = the session's first pushed sample).

export class SampleRing {
  readonly #buffer: Float32Array;
  #written = 0;

  constructor(capacitySamples: number) {
    if (!Number.isInteger(capacitySamples) || capacitySamples <= 0) throw new Error(`a ring needs a positive whole capacity, not ${capacitySamples}`);
    this.#buffer = new Float32Array(capacitySamples);
  }

  get capacity(): number {
    return this.#buffer.length;
  }

  /** Samples written since the last reset: the session index of the next sample. */
  get written(): number {
    return this.#written;
  }

  /** The oldest session index still held. */
  get oldest(): number {
    return Math.max(0, this.#written - this.#buffer.length);
  }

  /** Copies a chunk in (no allocation): the newest `capacity` samples are kept. */
  write(chunk: Float32Array): void {
    const cap = this.#buffer.length;
    let from = chunk.length > cap ? chunk.length - cap : 0; // only the tail of an oversized chunk survives anyway
    let at = (this.#written + from) % cap;
    while (from < chunk.length) {
      const n = Math.min(chunk.length - from, cap - at);
      this.#buffer.set(chunk.subarray(from, from + n), at);
      from += n;
      at = (at + n) % cap;
    }
    this.#written += chunk.length;
  }

  /** A copy of session samples [start, end), or undefined when part of it was overwritten or never written. */
  cut(start: number, end: number): Float32Array | undefined {
    if (!(start >= this.oldest) || !(end <= this.#written) || !(end > start)) return undefined;
    const cap = this.#buffer.length;
    const out = new Float32Array(end - start);
    const a = start % cap;
    const first = Math.min(out.length, cap - a);
    out.set(this.#buffer.subarray(a, a + first));
    if (first < out.length) out.set(this.#buffer.subarray(0, out.length - first), first);
    return out;
  }

  reset(): void {
    this.#written = 0;
  }
}
