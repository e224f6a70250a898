// The Live view's state: the microphone session (record toggle and push-to-talk), an opened file played through
// the same path, the rolling and final predictions, and the history of utterances. The history and settings
// outlive the view; the microphone, the sessions and the audio contexts close when the view does.
import { tick } from 'svelte';
import { api, errorMessage } from './api';
import { app } from './app-state.svelte';
import { quietBatching } from './capture-batching';
import { corpusState } from './corpus-state.svelte';
import { CaptureFailure, listInputDevices, openCapture, type Capture, type InputDevice } from './live-capture';
import { captureProblem, DISCONNECTED, sessionProblem, UNPLUGGED, type CaptureProblem } from './live-errors';
import { chunkRanges, FILE_CHUNK_SECONDS, FILE_DECODE_RATE, FILE_FORMATS, fileEndTimeoutMs, mixdown } from './live-file';
import { addToHistory, fromPcm16, toHistoryEntry, updateInHistory, type HistoryEntry } from './live-history';
import { measureChunk, toDbfs, type Level } from './live-level';
import { SampleRing } from './live-ring';
import { clampHangover, LiveMemory } from './live-settings';
import { ScrollingPeaks } from './live-wave';
import { modelsState } from './models-state.svelte';
import type { LiveNormalisation, LivePrediction, LiveSessionInfo, LiveUtterance } from '../../../src-main/api/contract';

export const MISFIRE_NOTICE = 'Too short to judge — speak for at least half a second.';
const RECORDING_TITLE = '● Recording — ';
/** Seconds of sent audio the renderer keeps for replay (longer than the host's longest utterance plus its pad). */
const RING_SECONDS = 30;
/** The scope shows this many seconds, one column per 10 ms. */
const SCOPE_COLUMNS = 500;
/** Chunks captured while live.start is still loading the model (≈ 10 s at 32 ms) are kept and sent after. */
const MAX_QUEUED_CHUNKS = 320;
/** live.end / live.stop after the microphone closed: waited for in the background, never longer than this. */
const HOST_STOP_TIMEOUT_MS = 15_000;

function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export type MicPhase = 'idle' | 'opening' | 'listening' | 'stopping';

export interface FinalResult {
  entry: HistoryEntry;
  speechEndedAt: number;
}

export interface OpenedFile {
  name: string;
  status: 'decoding' | 'predicting' | 'done' | 'error';
  samples?: Float32Array;
  sampleRate: number;
  seconds: number;
  /** Utterances found so far, as [start, end) sample ranges (drawn on its waveform). */
  regions: [number, number][];
  error?: string;
}

/** What the scope canvas draws: written per chunk without touching Svelte state; the canvas redraws on `version`. */
export class Scope {
  peaks = new ScrollingPeaks(SCOPE_COLUMNS, 480);
  readonly level: Level = { rms: 0, peak: 0 };
  /** Loudest since the last draw, so a short peak between frames still shows. */
  peakSinceDraw = 0;
  rmsSinceDraw = 0;
  chunks = 0;
  onChunk: (() => void) | undefined;

  reset(sampleRate: number): void {
    this.peaks = new ScrollingPeaks(SCOPE_COLUMNS, sampleRate / 100);
    this.peakSinceDraw = 0;
    this.rmsSinceDraw = 0;
    this.chunks = 0;
  }

  add(chunk: Float32Array): void {
    this.peaks.add(chunk);
    measureChunk(chunk, this.level);
    if (this.level.peak > this.peakSinceDraw) this.peakSinceDraw = this.level.peak;
    if (this.level.rms > this.rmsSinceDraw) this.rmsSinceDraw = this.level.rms;
    this.chunks++;
    this.onChunk?.();
  }

  /** The level to draw (dBFS), and start gathering for the next frame. */
  takeLevel(): { rmsDb: number; peakDb: number } {
    const out = { rmsDb: toDbfs(this.rmsSinceDraw), peakDb: toDbfs(this.peakSinceDraw) };
    this.peakSinceDraw = 0;
    this.rmsSinceDraw = 0;
    return out;
  }
}

class LiveState {
  readonly #memory = new LiveMemory(browserStorage());

  devices = $state.raw<InputDevice[]>([]);
  deviceId = $state(this.#memory.deviceId ?? '');
  hangoverMs = $state(this.#memory.hangoverMs);
  speaker = $state(this.#memory.speaker);

  phase = $state<MicPhase>('idle');
  /** Space is held (push-to-talk). */
  held = $state(false);
  problem = $state.raw<CaptureProblem | undefined>(undefined);
  deviceLabel = $state('');
  sampleRate = $state<number | undefined>(undefined);
  speaking = $state(false);
  notice = $state<string | undefined>(undefined);
  rolling = $state.raw<LivePrediction | undefined>(undefined);
  final = $state.raw<FinalResult | undefined>(undefined);
  /** Date.now() − speechEndedAt when the final was on screen. */
  latencyMs = $state<number | undefined>(undefined);
  history = $state.raw<HistoryEntry[]>([]);
  file = $state.raw<OpenedFile | undefined>(undefined);
  playingId = $state<string | undefined>(undefined);
  /** The last microphone session's per-speaker statistics and its model (null: the model takes none; undefined: no session yet). */
  normalisation = $state.raw<{ modelId: string; value: LiveNormalisation | null } | undefined>(undefined);
  /** Takes saved this session (the teach panel counts the folder again after each). */
  savedTakes = $state(0);
  /** The open microphone session, for requests about it (a calibration). */
  sessionId = $state<string | undefined>(undefined);

  readonly scope = new Scope();
  /** Called with each final of the microphone session (the calibration collects its sentences). */
  readonly micFinals = new Set<(entry: HistoryEntry, sessionId: string) => void>();

  #started = false;
  #capture: Capture | undefined;
  #session: LiveSessionInfo | undefined;
  /** Microphone sessions stopped but still finishing on the host: their last final is still shown. */
  readonly #finishing = new Set<string>();
  #fileSession: string | undefined;
  #openedBy: 'toggle' | 'key' = 'toggle';
  #releaseWanted = false;
  #queue: Float32Array[] = [];
  #ring = new SampleRing(48000 * RING_SECONDS);
  #baseTitle: string | undefined;
  #player: { context: AudioContext; source?: AudioBufferSourceNode } | undefined;

  get micOpen(): boolean {
    return this.phase !== 'idle';
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.on('live.speech', (e) => {
      if (e.sessionId !== this.#session?.sessionId) return;
      if (e.state === 'start') {
        this.speaking = true;
        this.notice = undefined;
      } else {
        this.speaking = false;
        this.rolling = undefined;
        this.notice = MISFIRE_NOTICE;
      }
    });
    api.on('live.prediction', (p) => {
      if (p.sessionId !== this.#session?.sessionId) return;
      this.speaking = true;
      this.rolling = p;
    });
    api.on('live.utterance', (u) => this.#onUtterance(u));
    api.on('live.error', (e) => {
      if (e.sessionId === this.#session?.sessionId) void this.#fail(sessionProblem(e.message));
      else if (e.sessionId === this.#fileSession && this.file) this.file = { ...this.file, status: 'error', error: e.message };
    });
    if (navigator.mediaDevices) navigator.mediaDevices.ondevicechange = () => void this.refreshDevices();
    void this.refreshDevices();
  }

  async refreshDevices(): Promise<void> {
    try {
      this.devices = await listInputDevices();
    } catch {
      this.devices = [];
    }
  }

  chooseDevice(id: string): void {
    this.deviceId = id;
    this.#memory.deviceId = id || undefined;
  }

  /** The name saved takes and calibrations are kept under (remembered); the next microphone session uses it. */
  setSpeaker(name: string): void {
    this.speaker = name.trim();
    this.#memory.speaker = this.speaker;
  }

  setHangover(ms: number): void {
    this.hangoverMs = clampHangover(ms);
    this.#memory.hangoverMs = this.hangoverMs;
  }

  // ── Microphone ──

  async toggle(): Promise<void> {
    if (this.phase === 'idle') await this.listen('toggle');
    else if (this.phase === 'listening') await this.stop(true);
  }

  async pressToTalk(): Promise<void> {
    this.held = true;
    this.#releaseWanted = false;
    if (this.phase === 'idle') await this.listen('key');
  }

  async releaseToTalk(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    if (this.phase === 'opening') {
      this.#releaseWanted = true; // finished once the session is up
      return;
    }
    if (this.phase !== 'listening') return;
    if (this.#openedBy === 'key') await this.stop(true);
    else await this.#endUtterance();
  }

  async listen(by: 'toggle' | 'key'): Promise<void> {
    if (this.phase !== 'idle') return;
    const model = modelsState.active;
    if (!model) {
      this.problem = sessionProblem('There is no model to predict with: train one in the Train view first.');
      return;
    }
    this.phase = 'opening';
    this.#openedBy = by;
    this.problem = undefined;
    this.notice = undefined;
    this.rolling = undefined;
    this.#queue = [];
    this.#session = undefined;
    this.#ring.reset();
    this.scope.reset(48000);
    let capture: Capture;
    try {
      capture = await openCapture(this.deviceId || undefined, { onChunk: (c) => this.#onChunk(c), onEnded: () => void this.#fail(UNPLUGGED) });
    } catch (err) {
      if (this.phase === 'opening') this.phase = 'idle';
      this.problem = err instanceof CaptureFailure ? err.problem : captureProblem(err);
      return;
    }
    if (this.phase !== 'opening') return void capture.close(); // stopped (view left) while the device opened
    this.#capture = capture;
    this.scope.reset(capture.sampleRate);
    this.sampleRate = capture.sampleRate;
    this.deviceLabel = capture.deviceLabel;
    this.#showRecording(true);
    void this.refreshDevices(); // labels appear once permission is given
    try {
      const speaker = this.speaker || undefined;
      const info = await api.request('live.start', {
        modelId: model.id,
        sampleRate: capture.sampleRate,
        hangoverMs: this.hangoverMs,
        source: 'microphone',
        speaker,
      });
      if (this.phase !== 'opening' || this.#capture !== capture) {
        void api.request('live.stop', { sessionId: info.sessionId }).catch(() => undefined); // stopped while the model loaded
        return;
      }
      this.#session = info;
      this.sessionId = info.sessionId;
      this.normalisation = { modelId: model.id, value: info.normalisation };
      capture.batchQuiet(quietBatching(info, capture.sampleRate));
      void app.refresh(); // the status bar names the ML backend the live worker chose
      if (this.#ring.capacity !== Math.round(info.sampleRate * RING_SECONDS)) this.#ring = new SampleRing(Math.round(info.sampleRate * RING_SECONDS));
      this.phase = 'listening';
      const queued = this.#queue;
      this.#queue = [];
      for (const chunk of queued) if (!this.#send(chunk)) return;
    } catch (err) {
      await this.#fail(sessionProblem(`The host could not start live prediction: ${errorMessage(err)}`));
      return;
    }
    if (this.#releaseWanted) {
      this.#releaseWanted = false;
      if (this.#openedBy === 'key') await this.stop(true);
      else await this.#endUtterance();
    }
  }

  /** Closes the microphone; `finish`: the utterance being spoken gets its final prediction first. */
  async stop(finish = false): Promise<void> {
    if (this.phase === 'idle' || this.phase === 'stopping') return;
    if (this.phase === 'opening' && !this.#capture) {
      this.phase = 'idle'; // listen() closes the device when it arrives
      return;
    }
    const session = this.#session;
    this.#session = undefined;
    this.sessionId = undefined;
    this.phase = 'stopping';
    const capture = this.#capture;
    this.#capture = undefined;
    this.#showRecording(false);
    await capture?.close();
    if (session) {
      // The host finishes in the background (its final still lands in the history); a lost connection cannot hold the view.
      const id = session.sessionId;
      this.#finishing.add(id);
      const opts = { timeoutMs: HOST_STOP_TIMEOUT_MS };
      void (finish ? api.request('live.end', { sessionId: id }, opts).catch(() => undefined) : Promise.resolve())
        .then(() => api.request('live.stop', { sessionId: id }, opts).catch(() => undefined))
        .finally(() => this.#finishing.delete(id));
    }
    this.speaking = false;
    this.rolling = undefined;
    this.held = false;
    this.phase = 'idle';
  }

  async #endUtterance(): Promise<void> {
    const id = this.#session?.sessionId;
    if (!id) return;
    try {
      await api.request('live.end', { sessionId: id });
    } catch (err) {
      await this.#fail(sessionProblem(errorMessage(err)));
    }
  }

  async #fail(problem: CaptureProblem): Promise<void> {
    this.problem = problem;
    await this.stop(false);
  }

  #onChunk(chunk: Float32Array): void {
    this.scope.add(chunk);
    if (this.phase === 'opening') {
      if (this.#queue.length < MAX_QUEUED_CHUNKS) this.#queue.push(chunk.slice());
      return;
    }
    if (this.phase === 'listening') this.#send(chunk);
  }

  #send(chunk: Float32Array): boolean {
    const session = this.#session;
    if (!session) return false;
    if (!api.pushAudio(session.sessionId, chunk)) {
      void this.#fail(DISCONNECTED);
      return false;
    }
    this.#ring.write(chunk);
    return true;
  }

  #showRecording(on: boolean): void {
    if (on && this.#baseTitle === undefined) {
      this.#baseTitle = document.title;
      document.title = RECORDING_TITLE + this.#baseTitle;
    } else if (!on && this.#baseTitle !== undefined) {
      document.title = this.#baseTitle;
      this.#baseTitle = undefined;
    }
  }

  // ── Finals ──

  #onUtterance(u: LiveUtterance): void {
    let entry: HistoryEntry;
    if (u.sessionId === this.#session?.sessionId || this.#finishing.has(u.sessionId)) {
      entry = toHistoryEntry(u, { kind: 'microphone' }, this.#ring.cut(u.startSample, u.endSample));
      for (const listener of this.micFinals) listener(entry, u.sessionId);
      this.speaking = false;
      this.rolling = undefined;
      this.notice = undefined;
    } else if (u.sessionId === this.#fileSession && this.file) {
      const samples = this.file.samples?.slice(u.startSample, u.endSample);
      entry = toHistoryEntry(u, { kind: 'file', name: this.file.name }, samples);
      this.file = { ...this.file, regions: [...this.file.regions, [u.startSample, u.endSample]] };
    } else return;
    this.history = addToHistory(this.history, entry);
    this.final = { entry, speechEndedAt: u.speechEndedAt };
    this.latencyMs = undefined;
    // On screen means after the DOM update and the next frame.
    void tick().then(() =>
      requestAnimationFrame(() => {
        const latencyMs = Date.now() - u.speechEndedAt;
        if (this.final?.entry === entry) this.latencyMs = latencyMs;
        this.history = updateInHistory(this.history, entry.utteranceId, { latencyMs });
      }),
    );
  }

  // ── A file through the same path ──

  async openFile(file: File): Promise<void> {
    if (this.file?.status === 'decoding' || this.file?.status === 'predicting') return;
    const model = modelsState.active;
    this.file = { name: file.name, status: 'decoding', sampleRate: FILE_DECODE_RATE, seconds: 0, regions: [] };
    let samples: Float32Array;
    try {
      const bytes = await file.arrayBuffer();
      const decoded = await new OfflineAudioContext(1, 1, FILE_DECODE_RATE).decodeAudioData(bytes);
      samples = mixdown(Array.from({ length: decoded.numberOfChannels }, (_, c) => decoded.getChannelData(c)));
      if (samples.length === 0) throw new Error('it holds no audio samples');
    } catch (err) {
      const why = err instanceof Error && err.message ? ` (${err.message})` : '';
      this.file = { ...this.file, status: 'error', error: `Could not decode “${file.name}” as audio${why}. ${FILE_FORMATS}` };
      return;
    }
    const seconds = samples.length / FILE_DECODE_RATE;
    this.file = { ...this.file, status: 'predicting', samples, seconds };
    if (!model) {
      this.file = { ...this.file, status: 'error', error: 'There is no model to predict with: train one in the Train view first.' };
      return;
    }
    let sessionId: string | undefined;
    try {
      const info = await api.request('live.start', { modelId: model.id, sampleRate: FILE_DECODE_RATE, hangoverMs: this.hangoverMs, source: 'file' });
      sessionId = info.sessionId;
      this.#fileSession = sessionId;
      const size = Math.min(info.maxChunkSamples, Math.round(FILE_CHUNK_SECONDS * FILE_DECODE_RATE));
      for (const [start, end] of chunkRanges(samples.length, size)) {
        // A copy, not a view: Electron's structured clone would send a view's whole buffer (the entire file) each time.
        if (!api.pushAudio(sessionId, samples.slice(start, end))) throw new Error(DISCONNECTED.message);
        await new Promise((r) => setTimeout(r, 0)); // let the page breathe between chunks
      }
      await api.request('live.end', { sessionId }, { timeoutMs: fileEndTimeoutMs(seconds) });
      if (this.file.status === 'predicting') this.file = { ...this.file, status: 'done' };
    } catch (err) {
      this.file = { ...this.file, status: 'error', error: `Predicting “${file.name}” failed: ${errorMessage(err)}` };
    } finally {
      if (sessionId) await api.request('live.stop', { sessionId }).catch(() => undefined);
    }
  }

  // ── History: replay, save ──

  async play(entry: HistoryEntry): Promise<void> {
    this.stopPlayback();
    if (!entry.samples) return;
    this.#player ??= { context: new AudioContext() };
    const { context } = this.#player;
    if (context.state === 'suspended') await context.resume();
    const buffer = context.createBuffer(1, entry.samples.length, entry.sampleRate);
    buffer.copyToChannel(fromPcm16(entry.samples), 0);
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.onended = () => {
      if (this.#player?.source === source) {
        this.#player.source = undefined;
        this.playingId = undefined;
      }
    };
    this.#player.source = source;
    this.playingId = entry.utteranceId;
    source.start();
  }

  stopPlayback(): void {
    const source = this.#player?.source;
    if (!source) return;
    this.#player!.source = undefined;
    this.playingId = undefined;
    source.onended = null;
    try {
      source.stop();
    } catch {
      // already ended
    }
  }

  /** Saves an utterance into the recordings folder; resolves with where, rejects with the host's reason. */
  async save(entry: HistoryEntry, label: string, speaker: string): Promise<{ path: string; folder: string }> {
    const saved = await api.request('live.save', { utteranceId: entry.utteranceId, label, speaker: speaker.trim() });
    this.setSpeaker(speaker);
    this.savedTakes++;
    this.history = updateInHistory(this.history, entry.utteranceId, { saved });
    if (this.final?.entry.utteranceId === entry.utteranceId) this.final = { ...this.final, entry: { ...this.final.entry, saved } };
    return saved;
  }

  openInCorpus(folder: string): void {
    app.view = 'corpus';
    void corpusState.open(folder);
  }

  /** The view closed: nothing keeps the microphone or an audio context open. */
  async leave(): Promise<void> {
    this.held = false;
    this.stopPlayback();
    const player = this.#player;
    this.#player = undefined;
    await player?.context.close().catch(() => undefined);
    await this.stop(false);
  }
}

export const liveState = new LiveState();
