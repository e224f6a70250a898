/**
 * A live stream's recent audio: a fixed window (what one prediction looks at) that microphone
 * chunks slide through, and when the next rolling prediction is due.
 */

/** Seconds of new audio between two rolling predictions. */
export const LIVE_HOP_SECONDS = 0.5;
/** A prediction needs at least this much audio in the window. */
export const MIN_LIVE_SECONDS = 1;

export class LiveWindow {
  private readonly window: Float32Array;
  private filled = 0;
  private total = 0;
  private sinceLast = 0;

  constructor(
    readonly sampleRate: number,
    readonly windowSeconds: number,
  ) {
    this.window = new Float32Array(Math.ceil(windowSeconds * sampleRate));
  }

  /** Appends a chunk (only its newest `windowSeconds` matter). */
  push(chunk: Float32Array): void {
    const keep = Math.min(chunk.length, this.window.length);
    this.window.copyWithin(0, keep);
    this.window.set(chunk.subarray(chunk.length - keep), this.window.length - keep);
    this.filled = Math.min(this.window.length, this.filled + chunk.length);
    this.total += chunk.length;
    this.sinceLast += chunk.length;
  }

  get bufferedSeconds(): number {
    return this.filled / this.sampleRate;
  }

  /** True when enough audio is in and a hop has passed since the last prediction. */
  get due(): boolean {
    return this.filled >= MIN_LIVE_SECONDS * this.sampleRate && this.sinceLast >= LIVE_HOP_SECONDS * this.sampleRate;
  }

  /** The window's audio for a prediction (a copy), the stream time at its end, and its RMS level; restarts the hop. */
  take(): { samples: Float32Array; atSeconds: number; rms: number } {
    this.sinceLast = 0;
    const samples = this.window.slice(this.window.length - this.filled);
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
    return { samples, atSeconds: this.total / this.sampleRate, rms: samples.length ? Math.sqrt(sum / samples.length) : 0 };
  }
}
