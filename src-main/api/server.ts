/**
 * The one implementation of the api, in plain Node: the browser host and Electron's IPC layer both
 * hand it raw requests and forward its events. Every request's args are validated here.
 */
import { homedir, release } from 'node:os';
import { CorpusAccess } from './access';
import type { ApiEvent, Events, RequestArgs, RequestName, RequestResult, ResponseMessage } from './contract';
import { ApiError, toErrorBody } from './errors';
import { isRequestName, parseRequestMessage, validateArgs } from './request-schemas';
import { APP_NAME, APP_VERSION, defaultBuiltInModelsDir, defaultModelsDir, defaultRecordingsDir } from '../core/app-dirs';
import { EMOTION_LABELS } from '../core/dataset/labels';
import type { ApiContext, RecentCorpora, ShellOptions } from './context';
import { planBackend } from '../core/model/backend-plan';
import { corpusHandlers, prefetchCorpus } from './corpus-handlers';
import { inferenceHandlers } from './inference-handlers';
import { teachHandlers } from './teach-handlers';
import { JobRegistry } from './jobs';
import { modelHandlers } from './model-handlers';
import { trainHandlers } from './train-handlers';
import { settingsHandlers } from './settings-handlers';

type Handlers = { [N in RequestName]: (args: RequestArgs<N>) => Promise<RequestResult<N>> };
type Listener = (event: ApiEvent) => void;

/** The backend the first job will use and why, before any worker has started one. */
function plannedBackend(): ApiContext['mlBackend'] {
  try {
    const plan = planBackend();
    return { state: 'planned', name: plan.name, detail: `the next job will use it: ${plan.detail}` };
  } catch (err) {
    return { state: 'unknown', detail: `cannot tell which backend the next job will use: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export class ApiServer {
  readonly context: ApiContext;
  private readonly listeners = new Set<Listener>();
  private readonly handlers: Handlers;
  private readonly disposers: (() => void)[] = [];
  /** Binary live audio (not a request): see SerBridge.pushAudio. */
  readonly pushAudio: (sessionId: string, samples: Float32Array) => void;

  constructor(options: ShellOptions, state: RecentCorpora) {
    const emit = <N extends keyof Events>(name: N, payload: Events[N]) => this.emit(name, payload);
    const access = new CorpusAccess();
    this.context = {
      options,
      access,
      state,
      jobs: new JobRegistry(emit),
      modelsDir: options.modelsDir ?? defaultModelsDir(),
      builtInModelsDir: options.builtInModelsDir !== undefined ? options.builtInModelsDir : defaultBuiltInModelsDir(),
      emit,
      mlBackend: plannedBackend(),
    };
    const inference = inferenceHandlers(this.context);
    this.disposers.push(inference.dispose);
    this.pushAudio = inference.pushAudio;
    this.handlers = {
      'app.info': async () => this.appInfo(),
      ...corpusHandlers(this.context),
      ...settingsHandlers(this.context),
      ...trainHandlers(this.context),
      ...modelHandlers(this.context),
      ...inference.handlers,
      ...teachHandlers(this.context),
      'job.cancel': async ({ jobId }) => {
        if (!this.context.jobs.has(jobId)) throw new ApiError('not-found', `no job ${jobId}`);
        return { cancelled: this.context.jobs.cancel(jobId) };
      },
      'jobs.list': async () => ({ jobs: this.context.jobs.list() }),
    };
  }

  get access(): CorpusAccess {
    return this.context.access;
  }

  /** Grants folders the user chose outside the renderer (command line, recent list, menu dialog). */
  async grant(dir: string): Promise<string> {
    return this.context.access.grant(dir);
  }

  /** Starts scanning a granted folder ahead of the renderer's first corpus.open of it (startup corpus). */
  prefetchCorpus(root: string): void {
    prefetchCorpus(this.context, root);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends keyof Events>(name: N, payload: Events[N]): void {
    const event = { name, payload } as ApiEvent;
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // One broken transport must not stop the others from hearing the event.
      }
    }
  }

  /** Runs one request; throws ApiError (unknown-request, invalid-args, …) or whatever the handler throws. */
  async request<N extends RequestName>(name: N, rawArgs: unknown): Promise<RequestResult<N>>;
  async request(name: string, rawArgs: unknown): Promise<unknown>;
  async request(name: string, rawArgs: unknown): Promise<unknown> {
    if (!isRequestName(name)) throw new ApiError('unknown-request', `no request named ${JSON.stringify(name)}`);
    const args = validateArgs(name, rawArgs);
    const handler = this.handlers[name] as (a: unknown) => Promise<unknown>;
    return handler(args);
  }

  /** A request message in, its response message out; never throws. */
  async handleMessage(raw: unknown): Promise<ResponseMessage> {
    let id = -1;
    try {
      const msg = parseRequestMessage(raw);
      id = msg.id;
      return { type: 'response', id, ok: true, result: await this.request(msg.name, msg.args) };
    } catch (err) {
      if (typeof raw === 'object' && raw && typeof (raw as { id?: unknown }).id === 'number') id = (raw as { id: number }).id;
      return { type: 'response', id, ok: false, error: toErrorBody(err) };
    }
  }

  /** Cancels running jobs and closes workers (shutdown). */
  dispose(): void {
    this.context.jobs.cancelAll();
    for (const d of this.disposers) d();
    this.listeners.clear();
  }

  private appInfo(): RequestResult<'app.info'> {
    const o = this.context.options;
    return {
      appName: APP_NAME,
      appVersion: APP_VERSION,
      shell: o.shell,
      platform: `${process.platform} ${release()}`,
      arch: process.arch,
      versions: o.versions,
      mlBackend: { ...this.context.mlBackend },
      nativeDialogs: Boolean(o.dialogs),
      modelsDir: this.context.modelsDir,
      recordingsDir: o.recordingsDir ?? defaultRecordingsDir(),
      emotionLabels: [...EMOTION_LABELS],
      corpusRoots: [...this.context.access.grantedRoots],
      startupCorpus: o.startupCorpus ?? null,
      pathBase: o.typedPathsGrantAccess ? (o.pathBase ?? process.cwd()) : null,
      homeDir: homedir(),
    };
  }
}
