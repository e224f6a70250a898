/**
 * The data types that cross the api (plain JSON). Domain types come from the core modules that declare
 * them (type-only imports of Node-free files, so the renderer can use them); api-only shapes are here.
 */
import type { CorporaSummary, LabelMap } from '../core/dataset/corpora';
import type { CorpusSummary } from '../core/dataset/corpus-summary';
import type { Clip } from '../core/dataset/types';
import type { ClipAnalysis, Matrix } from '../core/features/types';
import type { ClassScores, ClipPrediction, EvaluationReport } from '../core/model/metrics';
import type { SplitPreview } from '../core/model/split-preview';
import type { SplitSpec } from '../core/model/splits';
import type { LiveNormalisation, PredictionNormalisation } from '../core/model/normalise';
import type { TeachPlan } from '../core/model/teach-types';
import type { EpochMetrics, PresetName, TrainResult as JobTrainResult, TrainSettings } from '../core/model/training-types';

export type {
  ClassScores,
  ClipPrediction,
  EpochMetrics,
  EvaluationReport,
  LiveNormalisation,
  PredictionNormalisation,
  PresetName,
  SplitPreview,
  SplitSpec,
  TeachPlan,
};

/** One audio clip of a corpus; `path` (absolute) is the key for `clip.features` and the media URL. */
export type ClipInfo = Clip;

/** An opened corpus: the scan's manifest plus the summary the corpus view shows. */
export type CorpusView = CorpusSummary;

export interface RecentCorpus {
  path: string;
  openedAt: string;
}

/** What the clip inspector shows for one clip. */
export type ClipFeatures = ClipAnalysis;
export type { Matrix };

export interface TrainArgs extends TrainSettings {
  /** A folder the user opened. */
  corpusDir: string;
  /** More opened folders trained on with it (speakers named with their corpus, labels mapped by `labelMap`). */
  extraCorpusDirs?: string[];
  /** Label → label (null: leave its clips out); default calm → neutral when there are extra corpora. */
  labelMap?: LabelMap;
}

export interface TrainCorporaArgs {
  corpusDir: string;
  extraCorpusDirs: string[];
  labelMap?: LabelMap;
}

export type TrainCorpora = CorporaSummary;
export type { LabelMap };

export interface TrainPreview {
  split: SplitPreview;
  /** The `ser train` command line that repeats this run (the split's seed is the run's seed, as in the CLI). */
  command: string;
}

export interface EvaluateArgs {
  modelId: string;
  corpusDir: string;
  /** Evaluate only the validation part of this split; omitted = every clip whose label the model knows. */
  split?: SplitSpec;
  /** Also score the clips the model was trained on (left out by default: scoring them measures memory). */
  includeTraining?: boolean;
}

export type JobKind = 'train' | 'evaluate' | 'teach';
/** 'queued': a training job waiting for a free slot (at most `cores / 2` train at once). */
export type JobState = 'queued' | 'running' | 'done' | 'error' | 'cancelled';

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  /** Human title, e.g. "Train sequence on tess". */
  title: string;
  state: JobState;
  startedAt: string;
  endedAt?: string;
  /** Latest stage ('scan' | 'features' | 'training' | 'evaluating' | 'saving'). */
  stage?: string;
  /** Overall fraction done in [0, 1] when known. */
  fraction?: number;
  /** The error message when state is 'error'. */
  message?: string;
}

export type JobProgress = { jobId: string; kind: JobKind } & (
  | { type: 'stage'; stage: string; detail?: string }
  | { type: 'count'; what: 'features' | 'evaluation' | 'scan'; done: number; total: number }
  | { type: 'batch'; epoch: number; epochs: number; batch: number; batches: number; loss: number; accuracy: number; etaSeconds: number }
  | ({ type: 'epoch'; epochs: number } & EpochMetrics)
);

/** A finished training job as the renderer sees it: the job's result, named by model id, with the split summarised. */
export interface TrainResult extends Pick<JobTrainResult, 'modelDir' | 'valAccuracy' | 'uar' | 'labels' | 'confusionMatrix' | 'epochs' | 'backend' | 'report'> {
  modelId: string;
  split: { kind: string; train: number; validation: number };
}

export interface EvaluateResult {
  modelId: string;
  corpusDir: string;
  report: EvaluationReport;
  /** Clips of the folder that the model was trained on; scored only when `included`. */
  trainingClips: { count: number; included: boolean };
}

/** Teach a saved model the voice of the recordings saved in the Live view: fine-tuned into a new model. */
export interface TeachArgs {
  modelId: string;
  /** The new model's name (default: `<model>-taught-<date>`). */
  name?: string;
  epochs?: number;
  seed?: number;
}

/** A finished teach job: the new model, how the recordings were used, and the held-out recordings scored before and after. */
export interface TeachJobResult {
  modelId: string;
  name: string;
  sourceModelId: string;
  plan: TeachPlan;
  before: EvaluationReport;
  after: EvaluationReport;
  epochs: EpochMetrics[];
  backend: string;
}

/** What the recordings folder holds, for the teach panel: labelled takes per label, and files it cannot use. */
export interface RecordingsSummary {
  folder: string;
  clips: number;
  speakers: string[];
  labelCounts: Record<string, number>;
  problems: number;
  /** The least a teach job takes: recordings of labels the model knows, and how many labels. */
  needs: { recordings: number; labels: number };
}

export interface ModelSummary {
  /** Folder name inside the models folder; what every model request takes. */
  id: string;
  /** Ships with the app (read-only: it cannot be renamed or deleted); used when the user has trained none. */
  builtIn: boolean;
  dir: string;
  name: string;
  preset: string;
  labels: string[];
  /** The feature spec the model was trained on (`kind` is 'seed' | 'frames' | 'meyda-mfcc'). */
  featureSpec: { kind: string } & Record<string, unknown>;
  createdAt: string;
  backend: string;
  appVersion: string;
  history: EpochMetrics[];
  /** The validation report saved at the end of training. */
  report?: EvaluationReport;
  /** Its training corpus; `corpora` lists each when several were merged (`root` is the first). */
  corpus?: { root?: string; convention?: string; clips?: number; corpora?: { root: string; convention: string; clips: number }[] } & Record<string, unknown>;
  /** The settings the model was trained with (epochs run, batch size, learning rate, seed, …). */
  hyperParams: { epochs: number; batchSize: number; learningRate: number; seed: number } & Record<string, unknown>;
  /** Its split: the spec, the clip counts and the speakers on each side. */
  split: { spec: SplitSpec; trainCount: number; validationCount: number; trainSpeakers: string[]; validationSpeakers: string[] };
  /** Trained with per-speaker normalisation: it takes a speaker's calibration in the Live view. */
  speakerNormalised: boolean;
}

export interface LiveStartArgs {
  modelId: string;
  /** The capture's sample rate (the AudioContext's), 16–192 kHz. */
  sampleRate: number;
  /** How long speech must stay quiet before an utterance ends (default 300 ms). */
  hangoverMs?: number;
  source?: 'microphone' | 'file';
  /** Who is speaking: a per-speaker normalised model then uses their saved calibration. */
  speaker?: string;
}

export interface LiveSessionInfo {
  sessionId: string;
  labels: string[];
  sampleRate: number;
  hangoverMs: number;
  /** Rolling predictions: one per `rollingHopSeconds` of speech, over at most `rollingWindowSeconds`. */
  rollingHopSeconds: number;
  rollingWindowSeconds: number;
  /** Chunks longer than this are refused. */
  maxChunkSamples: number;
  /**
   * Input whose RMS stays below this (dBFS) is silence to the session: it never reaches the voice detector, so a
   * capture may send it in fewer, larger chunks once `hangoverMs` has passed since the last louder chunk.
   */
  silenceGateDbfs: number;
  /** null: the model was trained without per-speaker normalisation, so it takes no calibration. */
  normalisation: LiveNormalisation | null;
}

/** Positions are sample indices since live.start, at the session's sample rate. */
export interface LivePrediction {
  sessionId: string;
  labels: string[];
  /** Softmax probabilities, same order as `labels`. */
  probabilities: number[];
  label: string;
  confidence: number;
  startSample: number;
  endSample: number;
  /** RMS level of the window (for a level meter / "too quiet" hint). */
  rms: number;
  normalisation?: PredictionNormalisation;
}

export interface LiveUtterance {
  sessionId: string;
  /** What live.save takes. */
  utteranceId: string;
  startSample: number;
  endSample: number;
  sampleRate: number;
  rms: number;
  verdict: 'predicted' | 'too-quiet';
  labels: string[];
  /** Present when `verdict` is 'predicted': as in LivePrediction. */
  probabilities?: number[];
  label?: string;
  confidence?: number;
  normalisation?: PredictionNormalisation;
  /** Wall-clock ms (Date.now()) when the VAD decided the speech had ended. */
  speechEndedAt: number;
}

/** Where one of the app's folders is and how that was chosen (`--models-dir`, $SER_MODELS_DIR, or the default). */
export interface FolderSetting {
  path: string;
  source: 'option' | 'environment' | 'default';
  /** The command-line option and environment variable that set it. */
  option: string;
  environment: string;
}

/** The Settings panel: where models, the feature cache and recordings live, and the cache's size. */
export interface AppSettings {
  folders: { models: FolderSetting; cache: FolderSetting; recordings: FolderSetting };
  cache: { files: number; bytes: number };
}

/** One folder of the folder picker: its sub-folders, and where else the picker may go. */
export interface FolderListing {
  /** The listed folder (real path). */
  path: string;
  /** Its parent, or null when going up would leave the folders the picker may show. */
  parent: string | null;
  /** Sub-folders, naturally sorted; hidden ones (names starting with '.') are left out. */
  folders: { name: string; path: string }[];
  /** How many audio files (by extension) lie directly in the folder: a hint that it holds clips. */
  audioFiles: number;
  /** Where the picker may start: the home folder and the folders opened already. */
  places: { label: string; path: string }[];
  /** True when the folder has more sub-folders than were listed. */
  truncated: boolean;
}

export interface AppInfo {
  appName: string;
  appVersion: string;
  shell: 'electron' | 'browser';
  platform: string;
  arch: string;
  /** node, v8, and in Electron electron + chrome. */
  versions: Record<string, string>;
  /**
   * The TensorFlow.js backend: 'planned' = what the next job will use and why, found at start without
   * loading tfjs; 'ready' once a worker has started it; 'unknown' only when even the plan failed.
   */
  mlBackend: { state: 'unknown' | 'planned' | 'ready' | 'error'; name?: string; detail: string };
  /** true in Electron: `corpus.chooseFolder` works; false in the browser: ask for a typed path. */
  nativeDialogs: boolean;
  modelsDir: string;
  /** Where the Live view saves labelled utterances (a folder-per-label corpus). */
  recordingsDir: string;
  /** The canonical emotion labels, in their usual order (what a recording may be labelled). */
  emotionLabels: string[];
  /** Folders opened in this session (paths inside them may be named in requests). */
  corpusRoots: string[];
  /** A folder given on the command line (`--open-corpus`), for the renderer to open at start. */
  startupCorpus: string | null;
  /** Browser host: the folder typed relative paths start from (where the host was started); null in Electron. */
  pathBase: string | null;
  /** The user's home folder: what `~` means in a typed path. */
  homeDir: string;
}
