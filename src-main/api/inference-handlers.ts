/**
 * evaluate.start and live.* requests, served by the evaluation helper's inference client: one
 * persistent worker keeps models loaded, so the main thread never runs tfjs.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { scanCorpus, CorpusScanError } from '../core/dataset';
import { InferenceClient } from '../core/jobs/inference-client';
import { makeSplit } from '../core/model/splits';
import { ApiError, type LiveSessionInfo, type Requests } from './contract';
import type { ApiContext } from './context';
import { errorMessage } from './jobs';
import { modelDir } from './model-handlers';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export interface InferenceHandlers {
  handlers: {
    'evaluate.start': Handler<'evaluate.start'>;
    'live.start': Handler<'live.start'>;
    'live.push': Handler<'live.push'>;
    'live.stop': Handler<'live.stop'>;
  };
  dispose(): void;
}

const LIVE_HOP_SECONDS = 0.5;
const MAX_LIVE_SESSIONS = 4;

interface LiveSession {
  info: LiveSessionInfo;
  dir: string;
  sampleRate: number;
  /** The last `windowSeconds` of audio, newest at the end. */
  window: Float32Array;
  filled: number;
  total: number;
  sinceLast: number;
  busy: boolean;
}

/** Seconds of audio a model's feature spec reads (the seed feature: 0.5 s offset + 3 s). */
export function windowSecondsOf(spec: { kind: string; [k: string]: unknown }): number {
  if (spec.kind === 'seed') return 3.5;
  if (spec.kind === 'frames') {
    const offset = typeof spec.offsetSeconds === 'number' ? spec.offsetSeconds : 0;
    if (typeof spec.durationSeconds === 'number') return offset + spec.durationSeconds;
    if (typeof spec.frames === 'number' && typeof spec.hop === 'number' && typeof spec.sampleRate === 'number') return offset + (spec.frames * spec.hop) / spec.sampleRate;
  }
  return 3;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return x.length ? Math.sqrt(s / x.length) : 0;
}

export function inferenceHandlers(ctx: ApiContext): InferenceHandlers {
  const client = new InferenceClient();
  const sessions = new Map<string, LiveSession>();

  const noteBackend = () =>
    client.backend().then(
      (b) => (ctx.mlBackend = { state: 'ready', name: b.name, detail: b.detail }),
      (err: unknown) => (ctx.mlBackend = { state: 'error', detail: errorMessage(err) }),
    );

  const predictNow = (s: LiveSession) => {
    s.busy = true;
    s.sinceLast = 0;
    const samples = s.window.slice(s.window.length - s.filled);
    const level = rms(samples);
    const atSeconds = s.total / s.sampleRate;
    client
      .predictSamples(s.dir, samples, s.sampleRate)
      .then((p) => {
        if (!sessions.has(s.info.sessionId)) return;
        const labels = s.info.labels;
        ctx.emit('live.prediction', {
          sessionId: s.info.sessionId,
          labels,
          probabilities: labels.map((l) => p.probabilities[l] ?? 0),
          label: p.label,
          confidence: p.confidence,
          atSeconds,
          rms: level,
        });
      })
      .catch((err: unknown) => ctx.emit('live.error', { sessionId: s.info.sessionId, message: errorMessage(err) }))
      .finally(() => (s.busy = false));
  };

  return {
    handlers: {
      async 'evaluate.start'({ modelId, corpusDir, split }) {
        const dir = await modelDir(ctx, modelId);
        const root = await ctx.access.check(corpusDir);
        const meta = await client.load(dir).catch((err: unknown) => {
          throw new ApiError('failed', errorMessage(err));
        });
        void noteBackend();
        const title = `Evaluate ${meta.name} on ${basename(root)}`;
        const jobId = ctx.jobs.start('evaluate', title, (r) => {
          const done = (async () => {
            r.progress({ type: 'stage', stage: 'scan' });
            const manifest = await scanCorpus(root, { signal: r.signal }).catch((err: unknown) => {
              throw err instanceof CorpusScanError ? new Error(err.message) : err;
            });
            let clips = manifest.clips;
            if (split) {
              const s = makeSplit(clips, split);
              clips = s.validation.map((i) => clips[i]);
              r.log(`evaluating the validation part of a ${split.kind} split: ${clips.length} clips`);
            }
            const known = new Set(meta.labels);
            const usable = clips.filter((c) => known.has(c.label));
            if (usable.length < clips.length) r.log(`${clips.length - usable.length} clips have labels the model does not know; they are left out`);
            if (usable.length === 0) throw new Error(`no clip in ${root} has a label the model knows (${meta.labels.join(', ')})`);
            r.progress({ type: 'stage', stage: 'evaluating' });
            const report = await client.evaluate(dir, usable.map((c) => ({ path: c.path, label: c.label })), {
              cacheDir: ctx.options.cacheDir,
              signal: r.signal,
              onProgress: (stage, d, total) => r.progress({ type: 'count', what: stage === 'features' ? 'features' : 'evaluation', done: d, total }),
            });
            return { kind: 'evaluate' as const, result: { modelId, corpusDir: root, report } };
          })();
          return { done, cancel: () => undefined }; // the registry's abort signal reaches scan and evaluate
        });
        return { jobId };
      },

      async 'live.start'({ modelId, sampleRate }) {
        if (sessions.size >= MAX_LIVE_SESSIONS) throw new ApiError('failed', `at most ${MAX_LIVE_SESSIONS} live sessions at once; stop one first`);
        const dir = await modelDir(ctx, modelId);
        const meta = await client.load(dir).catch((err: unknown) => {
          throw new ApiError('failed', errorMessage(err));
        });
        void noteBackend();
        const windowSeconds = windowSecondsOf(meta.featureSpec as { kind: string });
        const info: LiveSessionInfo = { sessionId: randomUUID(), labels: meta.labels, windowSeconds, hopSeconds: LIVE_HOP_SECONDS };
        sessions.set(info.sessionId, {
          info, dir, sampleRate, window: new Float32Array(Math.ceil(windowSeconds * sampleRate)), filled: 0, total: 0, sinceLast: 0, busy: false,
        });
        return info;
      },

      async 'live.push'({ sessionId, samples }) {
        const s = sessions.get(sessionId);
        if (!s) throw new ApiError('not-found', `no live session ${sessionId} (it was stopped, or never started)`);
        const chunk = Float32Array.from(samples);
        const n = Math.min(chunk.length, s.window.length);
        s.window.copyWithin(0, n);
        s.window.set(chunk.subarray(chunk.length - n), s.window.length - n);
        s.filled = Math.min(s.window.length, s.filled + chunk.length);
        s.total += chunk.length;
        s.sinceLast += chunk.length;
        // Predict once a second of audio is in, then every hop; skip while the worker is still busy.
        if (!s.busy && s.filled >= s.sampleRate && s.sinceLast >= LIVE_HOP_SECONDS * s.sampleRate) predictNow(s);
        return { bufferedSeconds: s.filled / s.sampleRate };
      },

      async 'live.stop'({ sessionId }) {
        return { stopped: sessions.delete(sessionId) };
      },
    },
    dispose() {
      sessions.clear();
      void client.close();
    },
  };
}
