// How the capture worklet sends a quiet room's input: once it knows the live session's silence gate, chunks that
// stay below it long after the last louder one go out several at a time. The host skips such input anyway (it
// never reaches the voice detector), and the messages are most of what listening to a quiet room costs. A louder
// chunk first sends what was held, so nothing is reordered and speech is never delayed.

export interface QuietBatching {
  /** RMS (linear) below which a chunk is quiet: the session's silence gate. */
  gateRms: number;
  /** Quiet chunks go out one by one until this many frames have passed since the last louder one. */
  holdFrames: number;
  /** Then this many quiet chunks go out as one message. */
  maxChunks: number;
}

/** Quiet chunks held per message: ~0.5 s at 32 ms chunks, so the level meter still moves twice a second. */
const QUIET_CHUNKS = 16;
/**
 * Past the hangover: the detector ends an utterance `hangoverMs` after its last speech frame, so quiet input
 * within that (plus the detector's frame and a margin) keeps going out at once and the final is not delayed.
 */
const HOLD_MARGIN_MS = 300;

export function quietBatching(session: { silenceGateDbfs: number; hangoverMs: number }, sampleRate: number): QuietBatching {
  return {
    gateRms: 10 ** (session.silenceGateDbfs / 20),
    holdFrames: Math.round(((session.hangoverMs + HOLD_MARGIN_MS) / 1000) * sampleRate),
    maxChunks: QUIET_CHUNKS,
  };
}

/** Chunks in, messages out (in order). Until `configure`, every chunk is its own message. */
export class QuietBatcher {
  #terms: QuietBatching | undefined;
  #held: Float32Array | undefined;
  #heldFilled = 0;
  /** Frames since the last chunk at or above the gate. */
  #sinceLoud = 0;

  /** New terms; returns what was held under the old ones (to send first). */
  configure(terms: QuietBatching): Float32Array[] {
    const out = this.flush();
    this.#terms = terms;
    this.#held = undefined;
    this.#sinceLoud = 0;
    return out;
  }

  /** The messages to send now for one chunk (which the batcher may keep or copy: the caller hands it over). */
  take(chunk: Float32Array): Float32Array[] {
    const terms = this.#terms;
    if (!terms || terms.maxChunks <= 1) return [chunk];
    let sum = 0;
    for (let i = 0; i < chunk.length; i++) sum += chunk[i]! * chunk[i]!;
    const quiet = chunk.length > 0 && Math.sqrt(sum / chunk.length) < terms.gateRms;
    this.#sinceLoud = quiet ? this.#sinceLoud + chunk.length : 0;
    if (this.#sinceLoud <= terms.holdFrames) return [...this.flush(), chunk];
    this.#held ??= new Float32Array(chunk.length * terms.maxChunks);
    if (this.#heldFilled + chunk.length > this.#held.length) return [...this.flush(), chunk]; // a chunk of another size: not held
    this.#held.set(chunk, this.#heldFilled);
    this.#heldFilled += chunk.length;
    return this.#heldFilled === this.#held.length ? this.flush() : [];
  }

  /** What is held, as one message (none when nothing is). */
  flush(): Float32Array[] {
    if (!this.#held || this.#heldFilled === 0) return [];
    const out = this.#held.slice(0, this.#heldFilled);
    this.#heldFilled = 0;
    return [out];
  }
}
