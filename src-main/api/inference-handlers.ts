/**
 * evaluate.start and live.* requests, served by the evaluation helper's inference client: one
 * persistent worker keeps models loaded, so the main thread never runs tfjs.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { defaultRecordingsDir } from '../core/app-dirs';
import { scanCorpus, CorpusScanError } from '../core/dataset';
import type { FeatureSpec } from '../core/features';
import { InferenceClient } from '../core/jobs/inference-client';
import { calibrationProfile, forgetCalibration, saveCalibration, startingNormalisation, withCalibration } from '../core/live/calibration-profiles';
import { checkSpeakerName } from '../core/live/recordings';
import type { LiveEventOut } from '../core/live/live-sessions';
import { DEFAULT_LIVE_OPTIONS, ROLLING_HOP_SECONDS, ROLLING_WINDOW_SECONDS, SILENCE_GATE_DBFS } from '../core/live/live-stream';
import { describeSplit, makeSplit } from '../core/model/splits';
import { withoutTrainingClips } from '../core/model/training-clips';
import type { LiveNormalisation, LiveSessionInfo, Requests } from './contract';
import { ApiError, errorMessage } from './errors';
import type { ApiContext } from './context';
import { modelDir } from './model-handlers';
import { MAX_LIVE_CHUNK_SAMPLES } from './request-schemas';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export interface InferenceHandlers {
  handlers: {
    'evaluate.start': Handler<'evaluate.start'>;
    'live.start': Handler<'live.start'>;
    'live.end': Handler<'live.end'>;
    'live.stop': Handler<'live.stop'>;
    'live.calibrate': Handler<'live.calibrate'>;
    'live.forgetCalibration': Handler<'live.forgetCalibration'>;
    'live.save': Handler<'live.save'>;
  };
  /** One binary chunk of a live session's audio (not a request: no reply; problems are live.error events). */
  pushAudio(sessionId: string, samples: Float32Array): void;
  dispose(): void;
}

const MAX_LIVE_SESSIONS = 4;

export function inferenceHandlers(ctx: ApiContext): InferenceHandlers {
  const client = new InferenceClient();
  const sessions = new Map<string, LiveSessionInfo>();
  /** The feature spec of each session whose model is per-speaker normalised (its calibrations are per spec). */
  const normalisedSpecs = new Map<string, FeatureSpec>();
  const recordingsDir = () => ctx.options.recordingsDir ?? defaultRecordingsDir();

  /** The session's info and spec, or the reason it takes no calibration. */
  function normalisedSession(sessionId: string): { info: LiveSessionInfo & { normalisation: LiveNormalisation }; spec: FeatureSpec } {
    const info = sessions.get(sessionId);
    if (!info) throw new ApiError('not-found', `no live session ${sessionId} (it was stopped, or never started)`);
    const spec = normalisedSpecs.get(sessionId);
    if (!spec || !info.normalisation)
      throw new ApiError(
        'failed',
        'this model was not trained with per-speaker normalisation, so it takes no calibration; train one with it in the Train view',
      );
    return { info: info as LiveSessionInfo & { normalisation: LiveNormalisation }, spec };
  }

  /** Breaking core's speaker-name or calibration rules is the caller's to fix; an utterance no longer kept is not found. */
  function calibrationFailure(what: string) {
    return (err: unknown): never => {
      const name = (err as { name?: string }).name;
      if (err instanceof ApiError) throw err;
      if (name === 'RecordingError' || name === 'CalibrationError') throw new ApiError('invalid-args', `${what}: ${errorMessage(err)}`);
      if (name === 'LiveSessionError') throw new ApiError('not-found', errorMessage(err));
      throw new ApiError('failed', `${what}: ${errorMessage(err)}`);
    };
  }

  const noteBackend = () =>
    client.backend().then(
      (b) => (ctx.mlBackend = { state: 'ready', name: b.name, detail: b.detail }),
      (err: unknown) => (ctx.mlBackend = { state: 'error', detail: errorMessage(err) }),
    );

  const liveError = (sessionId: string, message: string) => ctx.emit('live.error', { sessionId, message });
  const unsubscribe = client.onLive((e) => forwardLiveEvent(e));

  function forwardLiveEvent(e: LiveEventOut): void {
    const info = sessions.get(e.sessionId);
    if (!info) return;
    const { sessionId, labels } = info;
    const probs = (p: { probabilities: Record<string, number> }) => labels.map((l) => p.probabilities[l] ?? 0);
    switch (e.type) {
      case 'speech-start':
        return ctx.emit('live.speech', { sessionId, state: 'start', atSample: e.atSample });
      case 'misfire':
        return ctx.emit('live.speech', { sessionId, state: 'misfire', atSample: e.atSample });
      case 'rolling': {
        const { label, confidence } = e.prediction;
        return ctx.emit('live.prediction', {
          sessionId,
          labels,
          probabilities: probs(e.prediction),
          label,
          confidence,
          startSample: e.startSample,
          endSample: e.endSample,
          rms: e.rms,
          ...(e.prediction.normalisation && { normalisation: e.prediction.normalisation }),
        });
      }
      case 'utterance': {
        const p = e.prediction;
        return ctx.emit('live.utterance', {
          sessionId,
          utteranceId: e.utteranceId,
          startSample: e.startSample,
          endSample: e.endSample,
          sampleRate: info.sampleRate,
          rms: e.rms,
          verdict: e.verdict,
          labels,
          ...(p && { probabilities: probs(p), label: p.label, confidence: p.confidence }),
          ...(p?.normalisation && { normalisation: p.normalisation }),
          speechEndedAt: e.speechEndedAt,
        });
      }
      case 'error':
        return liveError(sessionId, e.message);
    }
  }

  return {
    handlers: {
      async 'evaluate.start'({ modelId, corpusDir, split, includeTraining = false }) {
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
            const chosen = split ? makeSplit(manifest.clips, split).validation.map((i) => manifest.clips[i]) : manifest.clips;
            if (split) r.log(`evaluating the validation part of a ${describeSplit(split)} split: ${chosen.length} clips`);
            const { clips, trainingClips } = withoutTrainingClips(meta, chosen, includeTraining);
            if (trainingClips)
              r.log(`${trainingClips} clips are ones the model was trained on; ${includeTraining ? 'they are scored too' : 'they are left out'}`);
            if (clips.length === 0)
              throw new Error(`no clips to evaluate: all ${trainingClips} labelled clips here are ones the model was trained on (includeTraining scores them)`);
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
            return {
              kind: 'evaluate' as const,
              result: { modelId, corpusDir: root, report, trainingClips: { count: trainingClips, included: includeTraining } },
            };
          })();
          return { done, cancel: () => undefined }; // the registry's abort signal reaches scan and evaluate
        });
        return { jobId };
      },

      async 'live.start'({ modelId, sampleRate, hangoverMs, source, speaker }) {
        if (sessions.size >= MAX_LIVE_SESSIONS) throw new ApiError('failed', `at most ${MAX_LIVE_SESSIONS} live sessions at once; stop one first`);
        const dir = await modelDir(ctx, modelId);
        const meta = await client.load(dir).catch((err: unknown) => {
          throw new ApiError('failed', errorMessage(err));
        });
        void noteBackend();
        const options = { ...DEFAULT_LIVE_OPTIONS, hangoverMs: hangoverMs ?? DEFAULT_LIVE_OPTIONS.hangoverMs, rolling: source !== 'file' };
        // A per-speaker normalised model starts from the speaker's saved calibration, if any.
        const start = meta.normalisation && (await startingNormalisation(recordingsDir(), speaker, meta.featureSpec, meta.normalisation));
        const info: LiveSessionInfo = {
          sessionId: randomUUID(),
          labels: meta.labels,
          sampleRate,
          hangoverMs: options.hangoverMs,
          rollingHopSeconds: ROLLING_HOP_SECONDS,
          rollingWindowSeconds: ROLLING_WINDOW_SECONDS,
          maxChunkSamples: MAX_LIVE_CHUNK_SAMPLES,
          silenceGateDbfs: SILENCE_GATE_DBFS,
          normalisation: start ? start.normalisation : null,
        };
        await client.liveStart(info.sessionId, dir, sampleRate, options, start ? start.stats : undefined).catch((err: unknown) => {
          throw new ApiError('failed', errorMessage(err));
        });
        sessions.set(info.sessionId, info);
        if (meta.normalisation) normalisedSpecs.set(info.sessionId, meta.featureSpec);
        return info;
      },

      async 'live.end'({ sessionId }) {
        if (!sessions.has(sessionId)) throw new ApiError('not-found', `no live session ${sessionId} (it was stopped, or never started)`);
        await client.liveEnd(sessionId);
        return { ended: true };
      },

      async 'live.stop'({ sessionId }) {
        normalisedSpecs.delete(sessionId);
        if (!sessions.delete(sessionId)) return { stopped: false };
        await client.liveStop(sessionId).catch(() => undefined); // a dead worker has stopped it already
        return { stopped: true };
      },

      async 'live.calibrate'({ sessionId, utteranceIds, speaker }) {
        const { info, spec } = normalisedSession(sessionId);
        const fail = calibrationFailure('could not calibrate');
        let who: string;
        try {
          who = checkSpeakerName(speaker);
        } catch (err) {
          return fail(err);
        }
        const profile = calibrationProfile(who, spec, await client.liveCalibrate(sessionId, utteranceIds).catch(fail));
        // The session uses it from now on even if the disk refuses it; the error says it was not kept.
        info.normalisation = withCalibration(info.normalisation, profile);
        await saveCalibration(recordingsDir(), profile, spec).catch(
          calibrationFailure('calibrated this session, but could not keep the calibration for later ones'),
        );
        return { normalisation: info.normalisation };
      },

      async 'live.forgetCalibration'({ sessionId }) {
        const { info, spec } = normalisedSession(sessionId);
        await client.liveUncalibrate(sessionId).catch(calibrationFailure('could not drop the calibration'));
        const who = info.normalisation.speaker;
        const deleted = who ? await forgetCalibration(recordingsDir(), who, spec).catch(calibrationFailure('could not delete the saved calibration')) : false;
        info.normalisation = { ...info.normalisation, calibration: null };
        delete info.normalisation.problem;
        return { normalisation: info.normalisation, deleted };
      },

      async 'live.save'({ utteranceId, label, speaker }) {
        const folder = recordingsDir();
        const path = await client.liveSave(utteranceId, folder, speaker, label).catch((err: unknown) => {
          const name = (err as { name?: string }).name;
          if (name === 'RecordingError') throw new ApiError('invalid-args', `live.save: ${errorMessage(err)}`);
          if (name === 'LiveSessionError') throw new ApiError('not-found', errorMessage(err));
          throw new ApiError('failed', `could not save the recording: ${errorMessage(err)}`);
        });
        // The Corpus view may open the recordings folder straight away (Electron opens only granted folders).
        await ctx.access.grant(folder);
        return { path, folder };
      },
    },

    pushAudio(sessionId, samples) {
      if (!sessions.has(sessionId)) return liveError(sessionId, `no live session ${sessionId} (it was stopped, or never started)`);
      if (!(samples instanceof Float32Array) || samples.length === 0) return liveError(sessionId, 'an audio chunk must be float32 samples');
      if (samples.length > MAX_LIVE_CHUNK_SAMPLES) return liveError(sessionId, `an audio chunk holds at most ${MAX_LIVE_CHUNK_SAMPLES} samples`);
      for (let i = 0; i < samples.length; i++) {
        if (!Number.isFinite(samples[i])) return liveError(sessionId, 'the audio chunk holds non-finite samples (NaN or ±Infinity); it was dropped');
      }
      client.liveChunk(sessionId, samples);
    },

    dispose() {
      sessions.clear();
      unsubscribe();
      void client.close();
    },
  };
}
