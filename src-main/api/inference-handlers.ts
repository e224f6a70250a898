/**
 * evaluate.start and live.* requests, served by the evaluation helper's inference client: one
 * persistent worker keeps models loaded, so the main thread never runs tfjs.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { scanCorpus, CorpusScanError } from '../core/dataset';
import { InferenceClient } from '../core/jobs/inference-client';
import { audioSecondsRead } from '../core/features/spec';
import { LIVE_HOP_SECONDS, LiveWindow } from '../core/live/live-window';
import { describeSplit, makeSplit } from '../core/model/splits';
import type { LiveSessionInfo, Requests } from './contract';
import { ApiError, errorMessage } from './errors';
import type { ApiContext } from './context';
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

const MAX_LIVE_SESSIONS = 4;

interface LiveSession {
  info: LiveSessionInfo;
  dir: string;
  window: LiveWindow;
  busy: boolean;
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
    const { samples, atSeconds, rms } = s.window.take();
    client
      .predictSamples(s.dir, samples, s.window.sampleRate)
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
          rms,
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
            const clips = split ? makeSplit(manifest.clips, split).validation.map((i) => manifest.clips[i]) : manifest.clips;
            if (split) r.log(`evaluating the validation part of a ${describeSplit(split)} split: ${clips.length} clips`);
            r.progress({ type: 'stage', stage: 'evaluating' });
            const report = await client.evaluate(
              dir,
              clips.map((c) => ({ path: c.path, label: c.label })),
              {
                cacheDir: ctx.options.cacheDir,
                signal: r.signal,
                onProgress: (stage, d, total) => r.progress({ type: 'count', what: stage === 'features' ? 'features' : 'evaluation', done: d, total }),
              },
            );
            if (report.excluded) r.log(`${report.excluded} clips have labels the model does not know (it knows ${meta.labels.join(', ')}); they are left out`);
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
        const windowSeconds = audioSecondsRead(meta.featureSpec);
        const info: LiveSessionInfo = { sessionId: randomUUID(), labels: meta.labels, windowSeconds, hopSeconds: LIVE_HOP_SECONDS };
        sessions.set(info.sessionId, { info, dir, window: new LiveWindow(sampleRate, windowSeconds), busy: false });
        return info;
      },

      async 'live.push'({ sessionId, samples }) {
        const s = sessions.get(sessionId);
        if (!s) throw new ApiError('not-found', `no live session ${sessionId} (it was stopped, or never started)`);
        s.window.push(Float32Array.from(samples));
        // Skip a due prediction while the worker is still busy with the last one.
        if (!s.busy && s.window.due) predictNow(s);
        return { bufferedSeconds: s.window.bufferedSeconds };
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
