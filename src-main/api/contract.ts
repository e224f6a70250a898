/**
 * The one declaration of the api between the renderer and the main side: every request
 * (`name → { args, result }`), every event (`name → payload`), the error codes and the wire messages.
 * Electron IPC, the preload bridge, the WebSocket host and the renderer client are all typed from
 * here (the pattern of GitHub Desktop's ipc-shared.ts).
 *
 * Types only: the renderer imports this file, so it must pull in no runtime code at all (the
 * validators are server-side, in request-schemas.ts). Every value is plain JSON, so it crosses a
 * WebSocket and Electron IPC alike.
 */
import type {
  AppInfo,
  AppSettings,
  ClipFeatures,
  FolderListing,
  CorpusView,
  EvaluateArgs,
  EvaluateResult,
  JobInfo,
  JobKind,
  JobProgress,
  LiveNormalisation,
  LiveSessionInfo,
  LiveStartArgs,
  LiveUtterance,
  ModelSummary,
  RecentCorpus,
  RecordingsSummary,
  TeachArgs,
  TeachJobResult,
  TrainArgs,
  TrainCorporaArgs,
  TrainCorpora,
  TrainPreview,
  TrainResult,
  LivePrediction,
} from './contract-types';

export type * from './contract-types';

/** Every request: its args and what it resolves to. */
export interface Requests {
  /** Versions, platform, ML backend, whether native dialogs exist (Electron) or a typed path is needed (browser). */
  'app.info': { args: Record<string, never>; result: AppInfo };
  /** Where models, the feature cache and recordings live (and how each was set), and the cache's size. */
  'settings.get': { args: Record<string, never>; result: AppSettings };
  /** Empties the feature cache (features are computed again when next needed); says what was freed. */
  'cache.clear': { args: Record<string, never>; result: { files: number; bytes: number } };
  /**
   * Scans a folder (progress as `corpus.scanProgress`) and grants access to the files in it. Browser host: the
   * path may be typed as people do (`~/corpora/tess`, or relative to `AppInfo.pathBase`).
   */
  'corpus.open': { args: { path: string }; result: CorpusView };
  /** Native folder dialog; `path: null` when the user cancels. Browser host: error `unsupported`. */
  'corpus.chooseFolder': { args: Record<string, never>; result: { path: string | null } };
  /**
   * The sub-folders of a folder, for the browser host's folder picker (it has no native dialog). Only the
   * home folder and folders opened already (and what is inside them) can be listed; no path = the home folder.
   */
  'corpus.browse': { args: { path?: string }; result: FolderListing };
  /** Recently opened corpus folders, newest first. */
  'corpus.recent': { args: Record<string, never>; result: { recent: RecentCorpus[] } };
  /** The clip inspector's analysis of one clip (inside an opened corpus), at the clip's own sample rate. */
  'clip.features': { args: { path: string }; result: ClipFeatures };
  /**
   * Training on more corpora than the open one: each corpus's labels, the label map (the default where none is
   * given) and the merged labels and speakers. Every folder must have been opened (corpus.open) first.
   */
  'train.corpora': { args: TrainCorporaArgs; result: TrainCorpora };
  /** What these settings' split puts on each side of a corpus (or of the corpora merged), and the `ser train` line that repeats the run. */
  'train.preview': { args: TrainArgs; result: TrainPreview };
  /** Starts a training job; progress, log, result and error arrive as `job.*` events. */
  'train.start': { args: TrainArgs; result: { jobId: string } };
  /** Starts evaluating a saved model on a corpus (all clips, or the validation part of a split). */
  'evaluate.start': { args: EvaluateArgs; result: { jobId: string } };
  /** Stops a running job within a second; `cancelled: false` when it had already finished. */
  'job.cancel': { args: { jobId: string }; result: { cancelled: boolean } };
  /** Running and finished jobs of this session. */
  'jobs.list': { args: Record<string, never>; result: { jobs: JobInfo[] } };
  /** Saved models in the models folder, newest first. */
  /** `unusable`: folders with model files that cannot be used (corrupt, labels that do not fit the output layer), with the reason. */
  'model.list': { args: Record<string, never>; result: { models: ModelSummary[]; modelsDir: string; unusable: { dir: string; reason: string }[] } };
  'model.delete': { args: { id: string }; result: { id: string } };
  /** A new display name; the id (folder name) stays. */
  'model.rename': { args: { id: string; name: string }; result: { model: ModelSummary } };
  /** Exports a model as a .zip (or folder). No destination: a save dialog (Electron) or the exports folder (browser). */
  'model.export': { args: { id: string; destination?: string }; result: { path: string | null } };
  /** Imports a model .zip or folder. No source: an open dialog (Electron); `model: null` when cancelled. */
  'model.import': { args: { source?: string }; result: { model: ModelSummary | null } };
  /**
   * Opens a live session for a model: the renderer then sends mono float32 chunks at `sampleRate` as
   * binary (SerBridge.pushAudio; a binary WebSocket frame, see audio-frame.ts), never as JSON.
   * `source: 'file'`: a file played through the same path, finals only (no rolling predictions).
   */
  'live.start': { args: LiveStartArgs; result: LiveSessionInfo };
  /** Ends the current utterance now (push-to-talk released, end of a file); resolves after its final prediction was sent. */
  'live.end': { args: { sessionId: string }; result: { ended: boolean } };
  'live.stop': { args: { sessionId: string }; result: { stopped: boolean } };
  /**
   * Calibrates a session of a per-speaker normalised model from recent utterances of the speaker reading neutral
   * sentences (at least 3 and 10 s): every prediction after uses their statistics, and they are saved for the
   * speaker's later sessions with models of the same features.
   */
  'live.calibrate': { args: { sessionId: string; utteranceIds: string[]; speaker: string }; result: { normalisation: LiveNormalisation } };
  /** Drops the session's calibration and deletes the speaker's saved one (back to the session's running statistics). */
  'live.forgetCalibration': { args: { sessionId: string }; result: { normalisation: LiveNormalisation; deleted: boolean } };
  /** Saves a recent utterance as a WAV into the recordings folder (laid out for the Corpus view and the trainer). */
  'live.save': { args: { utteranceId: string; label: string; speaker: string }; result: { path: string; folder: string } };
  /** The labelled takes in the recordings folder (what teach.start would learn from). */
  'teach.recordings': { args: Record<string, never>; result: RecordingsSummary };
  /** Fine-tunes a saved model on the recordings into a new model, as a job (never changes the model itself). */
  'teach.start': { args: TeachArgs; result: { jobId: string } };
}

/** Every event the main side sends to the renderer. */
export interface Events {
  /** Per-batch / per-epoch (training), done/total (features, evaluation), stage changes. */
  'job.progress': JobProgress;
  'job.log': { jobId: string; kind: JobKind; message: string; at: string };
  'job.result':
    | { jobId: string; kind: 'train'; result: TrainResult }
    | { jobId: string; kind: 'evaluate'; result: EvaluateResult }
    | { jobId: string; kind: 'teach'; result: TeachJobResult };
  /** The job ended without a result; `cancelled` tells a cancel from a failure. */
  'job.error': { jobId: string; kind: JobKind; message: string; cancelled: boolean };
  /** A job's state changed (started, done, error, cancelled): what the status bar shows. */
  'job.state': JobInfo;
  /** The VAD heard speech start (`misfire`: what started was too short to be an utterance). */
  'live.speech': { sessionId: string; state: 'start' | 'misfire'; atSample: number };
  /** A rolling prediction over the last seconds of the utterance being spoken. */
  'live.prediction': LivePrediction;
  /** An utterance ended: its final prediction, or why there is none (too quiet). */
  'live.utterance': LiveUtterance;
  'live.error': { sessionId: string; message: string };
  'corpus.scanProgress': { root: string; done: number; total: number };
  /** The native menu (File › Open corpus folder… / Open recent) chose a folder: the renderer opens it. */
  'corpus.openRequested': { path: string };
}

export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type RequestArgs<N extends RequestName> = Requests[N]['args'];
export type RequestResult<N extends RequestName> = Requests[N]['result'];
export type EventPayload<N extends EventName> = Events[N];

/** The union of all events, as delivered to a subscriber. */
export type ApiEvent = { [N in EventName]: { name: N; payload: Events[N] } }[EventName];

export type ApiErrorCode =
  | 'invalid-message' // not a well-formed request message
  | 'unknown-request' // no request of that name
  | 'invalid-args' // args failed the validator; message says which field and why
  | 'forbidden-path' // a path outside every folder the user opened
  | 'not-found' // no such file, model, job or session
  | 'unsupported' // not possible in this shell (e.g. native dialogs in the browser host)
  | 'not-available' // not implemented yet in this build
  | 'failed'; // the operation ran and failed; message says why

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
}

// ── Wire messages (WebSocket JSON text frames; Electron IPC carries the same objects) ──

export interface RequestMessage {
  type: 'request';
  id: number;
  name: string;
  args: unknown;
}
export type ResponseMessage = { type: 'response'; id: number; ok: true; result: unknown } | { type: 'response'; id: number; ok: false; error: ApiErrorBody };
export interface EventMessage {
  type: 'event';
  name: EventName;
  payload: unknown;
}

/** The preload bridge exposed as `window.serBridge` in Electron (absent in the browser). */
export interface SerBridge {
  /** Resolves with the result or rejects with `{ code, message }` (an ApiErrorBody). */
  request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>>;
  /** Calls `listener` for every event; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
  /** One chunk of a live session's audio, as binary (structured clone over IPC); problems arrive as `live.error`. */
  pushAudio(sessionId: string, samples: Float32Array): void;
}
