/**
 * One live stream (a microphone session, or a file played through the same path): chunks in,
 * Silero VAD cuts them into utterances (vad-web's FrameProcessor decides starts and ends),
 * rolling predictions while someone speaks, and one final prediction per utterance, all on the
 * stream's own samples at its own rate, through the caller's `predict` (the training features).
 */
import { randomUUID } from 'node:crypto';
import { FrameProcessor, type FrameProcessorEvent } from '@ricky0123/vad-web/dist/frame-processor.js';
import { Message } from '@ricky0123/vad-web/dist/messages.js';
import type { Prediction } from '../model/predict';
import { AudioRing, rmsOf } from './audio-ring';
import { StreamDecimator } from './stream-decimator';
import { VAD_FRAME_SAMPLES, VAD_SAMPLE_RATE, type VadModel } from './silero-vad';

export interface LiveOptions {
  /** How long speech must stay quiet before the utterance ends (the VAD's redemption time). */
  hangoverMs: number;
  /** Shorter speech is reported as too short, not predicted. */
  minSpeechMs: number;
  /** Audio kept before the detected start of speech. */
  preSpeechPadMs: number;
  /** Rolling predictions while speaking (off for files: only the finals matter). */
  rolling: boolean;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { hangoverMs: 300, minSpeechMs: 250, preSpeechPadMs: 300, rolling: true };
/** The bounds the Live view's hangover control offers. */
export const HANGOVER_MS_RANGE = { min: 100, max: 2000 } as const;
/** Rolling predictions: one per this much new audio (5 a second: at least 4 when one is skipped), over at most the last ROLLING_WINDOW_SECONDS. */
export const ROLLING_HOP_SECONDS = 0.2;
export const ROLLING_WINDOW_SECONDS = 3;
const MIN_ROLLING_SECONDS = 0.5;
/** Longer speech is cut into utterances of this length, so one prediction never sees minutes. */
export const MAX_UTTERANCE_SECONDS = 12;
/** An utterance quieter than −50 dBFS RMS is too quiet to judge. */
export const QUIET_RMS = 10 ** (-50 / 20);
/**
 * Frames below −55 dBFS RMS are silence without asking the model: a quiet room's noise floor costs nothing,
 * and speech that quiet would be too quiet to judge anyway (QUIET_RMS).
 */
export const SILENCE_GATE_DBFS = -55;
const SILENCE_GATE_RMS = 10 ** (SILENCE_GATE_DBFS / 20);
/** How much audio the stream keeps: the longest utterance plus its pad, with room to spare. */
const RING_SECONDS = MAX_UTTERANCE_SECONDS + 8;

const SPEECH_THRESHOLDS = { positiveSpeechThreshold: 0.5, negativeSpeechThreshold: 0.35 };

export type Verdict = 'predicted' | 'too-quiet';

export type LiveStreamEvent =
  | { type: 'speech-start'; atSample: number }
  | { type: 'rolling'; startSample: number; endSample: number; rms: number; prediction: Prediction }
  /** Speech was detected but too short to be an utterance (a cough, a click). */
  | { type: 'misfire'; atSample: number }
  | {
      type: 'utterance';
      utteranceId: string;
      startSample: number;
      endSample: number;
      rms: number;
      verdict: Verdict;
      prediction?: Prediction;
      /** Wall-clock ms (Date.now()) when the VAD decided the speech had ended. */
      speechEndedAt: number;
      /** The utterance's audio (kept by the caller for replay and saving). */
      samples: Float32Array;
    }
  | { type: 'error'; message: string };

/** `kind`: a rolling window of speech still going on, or an utterance's final (what running statistics learn from). */
export type Predict = (samples: Float32Array, sampleRate: number, kind: 'rolling' | 'final') => Promise<Prediction>;

export class LiveStream {
  private readonly ring: AudioRing;
  private readonly decimator: StreamDecimator;
  private readonly processor: FrameProcessor;
  private readonly step: number;
  private pending = new Float32Array(0);
  private framesDone = 0;
  /** Absolute input index where the current speech (with its pad) began, while speaking. */
  private speechStart: number | undefined;
  private lastRollingAt = 0;
  private rollingBusy = false;
  /** Final predictions not yet out: rolling ones wait, so the final is never queued behind them. */
  private finalsPending = 0;
  private queue: Promise<void> = Promise.resolve();
  private finals: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly sampleRate: number,
    vad: VadModel,
    private readonly predict: Predict,
    private readonly emit: (e: LiveStreamEvent) => void,
    readonly options: LiveOptions = DEFAULT_LIVE_OPTIONS,
  ) {
    this.ring = new AudioRing(sampleRate, RING_SECONDS);
    this.decimator = new StreamDecimator(sampleRate, VAD_SAMPLE_RATE);
    this.step = sampleRate / VAD_SAMPLE_RATE;
    const msPerFrame = (VAD_FRAME_SAMPLES / VAD_SAMPLE_RATE) * 1000;
    const gated = (frame: Float32Array) => (rmsOf(frame) < SILENCE_GATE_RMS ? Promise.resolve({ isSpeech: 0, notSpeech: 1 }) : vad.process(frame));
    this.processor = new FrameProcessor(
      gated,
      () => vad.reset(),
      {
        ...SPEECH_THRESHOLDS,
        redemptionMs: options.hangoverMs,
        preSpeechPadMs: options.preSpeechPadMs,
        minSpeechMs: options.minSpeechMs,
        submitUserSpeechOnPause: true,
      },
      msPerFrame,
    );
    this.processor.resume();
  }

  /** Samples received so far. */
  get totalSamples(): number {
    return this.ring.totalSamples;
  }

  /** Queues a chunk; resolves once the VAD has seen it (events may follow later). */
  push(chunk: Float32Array): Promise<void> {
    this.queue = this.queue.then(() => this.process(chunk)).catch((err: unknown) => this.fail(err));
    return this.queue;
  }

  /** Ends the current utterance now (push-to-talk released, end of a file); resolves when its final prediction is out. */
  async end(): Promise<void> {
    this.queue = this.queue.then(() => {
      this.processor.endSegment((e) => this.onVad(e, this.framesDone));
    });
    await this.queue;
    await this.finals;
  }

  close(): void {
    this.closed = true;
  }

  private async process(chunk: Float32Array): Promise<void> {
    if (this.closed) return;
    this.ring.push(chunk);
    const down = this.decimator.push(chunk);
    const joined = new Float32Array(this.pending.length + down.length);
    joined.set(this.pending);
    joined.set(down, this.pending.length);
    let at = 0;
    for (; at + VAD_FRAME_SAMPLES <= joined.length; at += VAD_FRAME_SAMPLES) {
      const frame = joined.slice(at, at + VAD_FRAME_SAMPLES);
      await this.processor.process(frame, (e) => this.onVad(e, this.framesDone + 1));
      this.framesDone++;
      if (this.speechStart !== undefined && this.inputIndex(this.framesDone) - this.speechStart > MAX_UTTERANCE_SECONDS * this.sampleRate) {
        this.processor.endSegment((e) => this.onVad(e, this.framesDone));
      }
    }
    this.pending = joined.slice(at);
    this.maybeRoll();
  }

  /** The input-rate index of the start of VAD frame `frame`. */
  private inputIndex(frame: number): number {
    return Math.round(frame * VAD_FRAME_SAMPLES * this.step);
  }

  /** `framesEnd`: VAD frames processed once the event's frame is counted. */
  private onVad(e: FrameProcessorEvent, framesEnd: number): void {
    switch (e.msg) {
      case Message.SpeechStart: {
        const buffered = this.processor.audioBuffer.length;
        this.speechStart = this.inputIndex(framesEnd - buffered);
        return;
      }
      case Message.SpeechRealStart:
        this.lastRollingAt = this.ring.totalSamples;
        return this.emit({ type: 'speech-start', atSample: this.speechStart ?? this.inputIndex(framesEnd) });
      case Message.VADMisfire:
        this.speechStart = undefined;
        return this.emit({ type: 'misfire', atSample: this.inputIndex(framesEnd) });
      case Message.SpeechEnd: {
        this.speechStart = undefined;
        const endSample = this.inputIndex(framesEnd);
        const startSample = Math.max(0, endSample - Math.round(e.audio.length * this.step));
        return this.finish(startSample, endSample, Date.now());
      }
    }
  }

  private finish(startSample: number, endSample: number, speechEndedAt: number): void {
    const samples = this.ring.slice(startSample, endSample);
    const rms = rmsOf(samples);
    const utteranceId = randomUUID();
    const base = { type: 'utterance' as const, utteranceId, startSample, endSample, rms, speechEndedAt, samples };
    this.finalsPending++;
    this.finals = this.finals
      .then(async () => {
        if (rms < QUIET_RMS) return this.emit({ ...base, verdict: 'too-quiet' });
        try {
          // A copy: the event keeps `samples` for the caller, the prediction may take its buffer.
          const prediction = await this.predict(samples.slice(), this.sampleRate, 'final');
          if (!this.closed) this.emit({ ...base, verdict: 'predicted', prediction });
        } catch (err) {
          this.fail(err);
        }
      })
      .finally(() => this.finalsPending--);
  }

  private maybeRoll(): void {
    if (!this.options.rolling || this.speechStart === undefined || !this.processor.speechRealStartFired || this.rollingBusy || this.finalsPending) return;
    const end = this.ring.totalSamples;
    if (end - this.lastRollingAt < ROLLING_HOP_SECONDS * this.sampleRate) return;
    const start = Math.max(this.speechStart, end - ROLLING_WINDOW_SECONDS * this.sampleRate);
    if (end - start < MIN_ROLLING_SECONDS * this.sampleRate) return;
    this.lastRollingAt = end;
    this.rollingBusy = true;
    const samples = this.ring.slice(start, end);
    const rms = rmsOf(samples);
    this.predict(samples, this.sampleRate, 'rolling')
      .then((prediction) => {
        if (!this.closed) this.emit({ type: 'rolling', startSample: start, endSample: end, rms, prediction });
      })
      .catch((err: unknown) => this.fail(err))
      .finally(() => (this.rollingBusy = false));
  }

  private fail(err: unknown): void {
    if (!this.closed) this.emit({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}
