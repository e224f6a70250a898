/**
 * Brings a live stream down to the VAD's 16 kHz, chunk by chunk, by averaging the input samples
 * that fall in each output sample's interval (a box low-pass, enough for a speech detector; the
 * features use the training resampler, not this).
 */
export class StreamDecimator {
  private readonly step: number;
  /** Input position (in input samples, fractional) where the next output interval starts. */
  private next = 0;
  private sum = 0;
  private count = 0;
  private consumed = 0;

  constructor(
    readonly inputRate: number,
    readonly outputRate: number,
  ) {
    if (!(inputRate >= outputRate)) throw new RangeError(`cannot decimate ${inputRate} Hz to ${outputRate} Hz`);
    this.step = inputRate / outputRate;
  }

  /** The output samples completed by this chunk. */
  push(chunk: Float32Array): Float32Array {
    const out = new Float32Array(Math.ceil((this.consumed + chunk.length - this.next) / this.step) + 1);
    let n = 0;
    for (let i = 0; i < chunk.length; i++) {
      this.sum += chunk[i];
      this.count++;
      const position = this.consumed + i + 1;
      if (position >= this.next + this.step) {
        out[n++] = this.sum / this.count;
        this.sum = 0;
        this.count = 0;
        this.next += this.step;
      }
    }
    this.consumed += chunk.length;
    return out.subarray(0, n);
  }
}
