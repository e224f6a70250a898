/**
 * The recent audio of a live stream, addressed by absolute sample index (samples since the stream
 * began), so utterances found later can be cut out exactly. Fixed size: memory does not grow.
 */
export class AudioRing {
  private readonly ring: Float32Array;
  /** Samples pushed since the stream began: the absolute index of the next sample. */
  private end = 0;

  constructor(
    readonly sampleRate: number,
    seconds: number,
  ) {
    this.ring = new Float32Array(Math.max(1, Math.ceil(seconds * sampleRate)));
  }

  get totalSamples(): number {
    return this.end;
  }

  /** The oldest absolute index still held. */
  get oldest(): number {
    return Math.max(0, this.end - this.ring.length);
  }

  push(chunk: Float32Array): void {
    const n = this.ring.length;
    // Only the newest ring-full of a long chunk can survive.
    const skip = Math.max(0, chunk.length - n);
    let at = (this.end + skip) % n;
    let from = skip;
    while (from < chunk.length) {
      const len = Math.min(chunk.length - from, n - at);
      this.ring.set(chunk.subarray(from, from + len), at);
      from += len;
      at = (at + len) % n;
    }
    this.end += chunk.length;
  }

  /** A copy of samples [start, end) in absolute indices, clamped to what is still held. */
  slice(start: number, end: number): Float32Array {
    const s = Math.max(start, this.oldest);
    const e = Math.min(end, this.end);
    const out = new Float32Array(Math.max(0, e - s));
    const n = this.ring.length;
    let at = s % n;
    let filled = 0;
    while (filled < out.length) {
      const len = Math.min(out.length - filled, n - at);
      out.set(this.ring.subarray(at, at + len), filled);
      filled += len;
      at = (at + len) % n;
    }
    return out;
  }
}

/** Root mean square of a buffer (0 for an empty one). */
export function rmsOf(x: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return x.length ? Math.sqrt(sum / x.length) : 0;
}
