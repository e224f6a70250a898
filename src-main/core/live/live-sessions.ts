/**
 * The live streams of one worker thread: each stream has its own VAD state and the model it
 * predicts with; finished utterances are kept (the newest few) so the user can save one later.
 */
import type { Predict, LiveOptions, LiveStreamEvent } from './live-stream';
import { LiveStream } from './live-stream';
import { saveRecording } from './recordings';
import type { VadModel } from './silero-vad';
import type { DistributiveOmit } from '../type-utils';

/** An event as it leaves the worker: the utterance's samples stay behind. */
export type LiveEventOut = { sessionId: string } & DistributiveOmit<LiveStreamEvent, 'samples'>;

/** Utterances kept for saving, newest last (about 1 MB each at 48 kHz). */
const KEPT_UTTERANCES = 40;

export class LiveSessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LiveSessionError';
  }
}

export interface Kept {
  samples: Float32Array;
  sampleRate: number;
}

export class LiveSessions {
  private readonly streams = new Map<string, { stream: LiveStream; vad: VadModel }>();
  private readonly idleVads: VadModel[] = [];
  private readonly kept = new Map<string, Kept>();
  /** The detector being made for `prepare`, so calls at once share one. */
  private preparing: Promise<void> | undefined;

  constructor(
    private readonly newVad: () => Promise<VadModel>,
    private readonly emit: (e: LiveEventOut) => void,
  ) {}

  /** Makes sure a detector is ready for the next stream (loads the runtime on first use). */
  prepare(): Promise<void> {
    if (this.idleVads.length > 0) return Promise.resolve();
    this.preparing ??= this.newVad()
      .then((vad) => void this.idleVads.push(vad))
      .finally(() => (this.preparing = undefined));
    return this.preparing;
  }

  async start(sessionId: string, sampleRate: number, predict: Predict, options: LiveOptions): Promise<void> {
    if (this.streams.has(sessionId)) throw new LiveSessionError(`live session ${sessionId} is already running`);
    const vad = this.idleVads.pop() ?? (await this.newVad());
    if (this.streams.has(sessionId)) {
      this.idleVads.push(vad); // the same id started meanwhile
      throw new LiveSessionError(`live session ${sessionId} is already running`);
    }
    vad.reset();
    const stream = new LiveStream(sampleRate, vad, predict, (e) => this.forward(sessionId, sampleRate, e), options);
    this.streams.set(sessionId, { stream, vad });
  }

  push(sessionId: string, samples: Float32Array): void {
    void this.get(sessionId).stream.push(samples);
  }

  /** Ends the current utterance; resolves when its final prediction has been sent. */
  end(sessionId: string): Promise<void> {
    return this.get(sessionId).stream.end();
  }

  stop(sessionId: string): boolean {
    const s = this.streams.get(sessionId);
    if (!s) return false;
    s.stream.close();
    this.streams.delete(sessionId);
    this.idleVads.push(s.vad);
    return true;
  }

  /** Writes a kept utterance into the recordings folder; returns the file's path. */
  async save(utteranceId: string, folder: string, speaker: string, label: string): Promise<string> {
    const [take] = this.takes([utteranceId]);
    return saveRecording(folder, { speaker, label, samples: take.samples, sampleRate: take.sampleRate });
  }

  /** The audio of kept utterances (for a calibration); names the first one no longer kept. */
  takes(utteranceIds: string[]): Kept[] {
    return utteranceIds.map((id) => {
      const take = this.kept.get(id);
      if (!take) throw new LiveSessionError(`utterance ${id} is no longer kept (only the newest ${KEPT_UTTERANCES} are)`);
      return take;
    });
  }

  private get(sessionId: string) {
    const s = this.streams.get(sessionId);
    if (!s) throw new LiveSessionError(`no live session ${sessionId} (it was stopped, or never started)`);
    return s;
  }

  private forward(sessionId: string, sampleRate: number, e: LiveStreamEvent): void {
    if (e.type !== 'utterance') return this.emit({ sessionId, ...e });
    const { samples, ...rest } = e;
    this.kept.set(e.utteranceId, { samples, sampleRate });
    while (this.kept.size > KEPT_UTTERANCES) this.kept.delete(this.kept.keys().next().value!);
    this.emit({ sessionId, ...rest });
  }
}
