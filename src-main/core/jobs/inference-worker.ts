/**
 * Worker thread that keeps models loaded and serves predictions and evaluations, so tfjs work
 * never blocks the thread that serves the UI or prints the CLI's progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeAudioFile } from '../audio';
import { initBackend, type BackendName } from '../model/backend';
import type { SpeakerSession } from '../model/normalise';
import { audioFromSamples, calibrateModel, evaluateClips, ModelCache, predictAudio, PredictionError } from '../model/predict';
import { extractAll } from './extract-pool';
import type { InferenceReply, InferenceRequest, InferenceWorkerData, LiveChunkMessage } from './inference-client';
import { checkCalibrationAmount } from '../live/calibration-profiles';
import { LiveSessions } from '../live/live-sessions';
import { loadSileroVad } from '../live/silero-vad';

if (!parentPort) throw new Error('inference-worker must run in a worker thread');
const port = parentPort;
const config = (workerData ?? {}) as InferenceWorkerData;
const backend = initBackend(config.backend as BackendName | undefined);
const models = new ModelCache(config.capacity ?? 3);
const running = new Map<number, AbortController>();
/** Each live session's own speaker statistics (for a per-speaker normalised model): one voice's calibration never normalises another's. */
const liveSpeakers = new Map<string, { modelDir: string; speaker?: SpeakerSession }>();

const send = (reply: InferenceReply) => port.postMessage(reply);
const live = new LiveSessions(loadSileroVad, (event) => send({ type: 'live', event }));

backend.then(
  (info) => send({ type: 'ready', backend: info }),
  (err: unknown) => send({ type: 'ready', error: err instanceof Error ? err.message : String(err) }),
);

port.on('message', (req: InferenceRequest | LiveChunkMessage) => {
  if (req.type === 'cancel') return void running.get(req.target)?.abort();
  if (req.type === 'liveChunk') {
    try {
      return live.push(req.sessionId, req.samples);
    } catch (err) {
      return send({ type: 'live', event: { sessionId: req.sessionId, type: 'error', message: describe(err).message } });
    }
  }
  void handle(req).then(
    (result) => send({ type: 'result', id: req.id, result }),
    (err: unknown) => send({ type: 'error', id: req.id, ...describe(err) }),
  );
});

function describe(err: unknown): { name: string; message: string } {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  return { name: err.name, message: err.message };
}

async function handle(req: Exclude<InferenceRequest, { type: 'cancel' }>): Promise<unknown> {
  if (req.type === 'liveEnd') return live.end(req.sessionId);
  if (req.type === 'liveStop') {
    liveSpeakers.delete(req.sessionId);
    return live.stop(req.sessionId);
  }
  if (req.type === 'liveSave') return live.save(req.utteranceId, req.folder, req.speaker, req.label);
  await backend;
  switch (req.type) {
    case 'predict':
      return models.use(req.modelDir, async (m) => {
        const t0 = performance.now();
        const audio = await decodeAudioFile(req.path);
        const decodeMs = performance.now() - t0;
        const p = predictAudio(m, audio);
        return { ...p, timings: { decodeMs, ...p.timings! } };
      });
    case 'predictSamples':
      return models.use(req.modelDir, (m) => predictAudio(m, audioFromSamples(req.samples, req.sampleRate)));
    case 'evaluate': {
      const controller = new AbortController();
      running.set(req.id, controller);
      try {
        return await models.use(req.modelDir, (m) =>
          evaluateClips(m, req.clips, {
            extract: (items, onProgress) => extractAll(items, m.meta.featureSpec, { cacheDir: req.cacheDir, signal: controller.signal, onProgress }),
            onProgress: (stage, done, total) => send({ type: 'progress', id: req.id, stage, done, total }),
            signal: controller.signal,
          }),
        );
      } finally {
        running.delete(req.id);
      }
    }
    case 'load':
      return models.use(req.modelDir, (m) => m.meta);
    case 'calibrate':
      return models.use(req.modelDir, async (m) => {
        const audios = [];
        const failed: { path: string; reason: string }[] = [];
        for (const path of req.paths) {
          try {
            audios.push(await decodeAudioFile(path));
          } catch (err) {
            failed.push({ path, reason: describe(err).message });
          }
        }
        if (audios.length === 0)
          throw new Error(`none of the ${req.paths.length} calibration clip(s) could be read (${failed[0]?.path}: ${failed[0]?.reason})`);
        return { clips: calibrateModel(m, audios).clips, failed };
      });
    case 'liveStart': {
      // The model (fails here, with the store's reason, not at the first utterance) and the VAD load side by side.
      const [m] = await Promise.all([models.get(req.modelDir), live.prepare()]);
      const speaker = m.session?.fresh();
      speaker?.calibrate(req.calibration);
      const predict = (samples: Float32Array, sampleRate: number, kind: 'rolling' | 'final') =>
        models.use(req.modelDir, (m) => predictAudio(m, audioFromSamples(samples, sampleRate), { session: speaker, learn: kind === 'final' }));
      // One prediction on a second of silence at this rate builds the resampler's and the features' tables
      // now, so the first utterance is not the slow one (it learns nothing: silence is no one's voice).
      await predict(new Float32Array(req.sampleRate), req.sampleRate, 'rolling');
      await live.start(req.sessionId, req.sampleRate, predict, req.options);
      liveSpeakers.set(req.sessionId, { modelDir: req.modelDir, speaker });
      return;
    }
    case 'liveCalibrate': {
      const s = liveSpeakers.get(req.sessionId);
      if (!s) throw new PredictionError(`no live session ${req.sessionId} (it was stopped, or never started)`);
      const takes = live.takes(req.utteranceIds);
      const speaker = s.speaker;
      if (!speaker) throw new PredictionError('this model was not trained with per-speaker normalisation: it takes no calibration');
      const seconds = takes.reduce((sum, t) => sum + t.samples.length / t.sampleRate, 0);
      checkCalibrationAmount(seconds, takes.length); // before it replaces anything
      return models.use(s.modelDir, (m) => {
        const audios = takes.map((t) => audioFromSamples(t.samples, t.sampleRate));
        return { stats: calibrateModel(m, audios, speaker), seconds, utterances: takes.length };
      });
    }
    case 'liveUncalibrate':
      return liveSpeakers.get(req.sessionId)?.speaker?.calibrate(undefined);
  }
}
