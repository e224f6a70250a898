// Waveform columns for the Live view's canvases: a scrolling min/max per column for the microphone (fed chunk by
// chunk, nothing allocated per chunk), and the whole-file min/max for an opened file.

export class ScrollingPeaks {
  readonly min: Float32Array;
  readonly max: Float32Array;
  readonly samplesPerColumn: number;
  /** Ring index of the next column to write (the oldest column when the ring is full). */
  #head = 0;
  #partialMin = Infinity;
  #partialMax = -Infinity;
  #partialCount = 0;

  constructor(columns: number, samplesPerColumn: number) {
    this.min = new Float32Array(columns);
    this.max = new Float32Array(columns);
    this.samplesPerColumn = Math.max(1, Math.round(samplesPerColumn));
  }

  get columns(): number {
    return this.min.length;
  }

  /** Ring index of the i-th column from the oldest (0) to the newest (columns - 1). */
  at(i: number): number {
    return (this.#head + i) % this.min.length;
  }

  add(chunk: Float32Array): void {
    const spc = this.samplesPerColumn;
    for (let i = 0; i < chunk.length; i++) {
      const s = chunk[i]!;
      if (s < this.#partialMin) this.#partialMin = s;
      if (s > this.#partialMax) this.#partialMax = s;
      if (++this.#partialCount === spc) {
        this.min[this.#head] = this.#partialMin;
        this.max[this.#head] = this.#partialMax;
        this.#head = (this.#head + 1) % this.min.length;
        this.#partialMin = Infinity;
        this.#partialMax = -Infinity;
        this.#partialCount = 0;
      }
    }
  }

  clear(): void {
    this.min.fill(0);
    this.max.fill(0);
    this.#head = 0;
    this.#partialMin = Infinity;
    this.#partialMax = -Infinity;
    this.#partialCount = 0;
  }
}

/** Min and max of `samples` in `columns` equal spans (a file's whole waveform). */
export function filePeaks(samples: Float32Array, columns: number): { min: Float32Array; max: Float32Array } {
  const min = new Float32Array(columns);
  const max = new Float32Array(columns);
  if (samples.length === 0) return { min, max };
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * samples.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * samples.length) / columns));
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to && i < samples.length; i++) {
      const s = samples[i]!;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    min[c] = lo === Infinity ? 0 : lo;
    max[c] = hi === -Infinity ? 0 : hi;
  }
  return { min, max };
}
