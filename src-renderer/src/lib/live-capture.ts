/// <reference types="vite/client" />
// The microphone: getUserMedia with the browser's voice processing off (the model was trained on unprocessed
// audio), an AudioContext at the device's rate, and the capture worklet posting chunks of ~32 ms.
import workletUrl from './capture-worklet?worker&url';
import type { QuietBatching } from './capture-batching';
import { sampleRateProblem, type CaptureProblem } from './live-errors';

/** A capture failure that is already phrased for the view. */
export class CaptureFailure extends Error {
  constructor(readonly problem: CaptureProblem) {
    super(problem.message);
    this.name = 'CaptureFailure';
  }
}

export interface InputDevice {
  deviceId: string;
  label: string;
}

export interface Capture {
  sampleRate: number;
  /** The label of the device actually opened (empty before permission in some browsers). */
  deviceLabel: string;
  /** From now on, a quiet room's chunks may arrive several at a time (see capture-worklet.ts). */
  batchQuiet(terms: QuietBatching): void;
  close(): Promise<void>;
}

export interface CaptureHandlers {
  /** One chunk (or several quiet ones as one), ~32 ms or a multiple of it. */
  onChunk(samples: Float32Array): void;
  /** The track ended on its own (device unplugged or disabled). */
  onEnded(): void;
}

/** Frames per chunk: a multiple of the 128-frame render quantum, about 32 ms. */
export function chunkFramesFor(sampleRate: number): number {
  return 128 * Math.max(1, Math.round((sampleRate * 0.032) / 128));
}

export async function listInputDevices(): Promise<InputDevice[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((d) => d.kind === 'audioinput' && d.deviceId !== '').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

function request(deviceId: string | undefined): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw Object.assign(new Error('This browser offers no microphone access (insecure page?)'), { name: 'NotFoundError' });
  return navigator.mediaDevices.getUserMedia({
    audio: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      channelCount: 1,
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
    },
    video: false,
  });
}

export async function openCapture(deviceId: string | undefined, handlers: CaptureHandlers): Promise<Capture> {
  let stream: MediaStream;
  try {
    stream = await request(deviceId);
  } catch (err) {
    // A remembered device that is gone: the default input rather than an error.
    if (deviceId && (err as { name?: string }).name === 'OverconstrainedError') stream = await request(undefined);
    else throw err;
  }
  const track = stream.getAudioTracks()[0];
  let context: AudioContext | undefined;
  try {
    if (!track) throw Object.assign(new Error('The input gave no audio track'), { name: 'NotFoundError' });
    const deviceRate = track.getSettings().sampleRate;
    const rateProblem = deviceRate ? sampleRateProblem(deviceRate) : undefined;
    if (rateProblem) throw new CaptureFailure(rateProblem);
    context = new AudioContext({ latencyHint: 'playback', ...(deviceRate ? { sampleRate: deviceRate } : {}) });
    const contextProblem = sampleRateProblem(context.sampleRate);
    if (contextProblem) throw new CaptureFailure(contextProblem);
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'ser-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions: { chunkFrames: chunkFramesFor(context.sampleRate) },
    });
    node.port.onmessage = (e: MessageEvent<Float32Array>) => handlers.onChunk(e.data);
    source.connect(node);
    track.addEventListener('ended', () => handlers.onEnded(), { once: true });
    if (context.state === 'suspended') await context.resume();
    const opened = context;
    let closed = false;
    return {
      sampleRate: opened.sampleRate,
      deviceLabel: track.label,
      batchQuiet(terms) {
        if (!closed) node.port.postMessage(terms);
      },
      async close() {
        if (closed) return;
        closed = true;
        node.port.onmessage = null;
        source.disconnect();
        for (const t of stream.getTracks()) t.stop();
        await opened.close().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const t of stream.getTracks()) t.stop();
    await context?.close().catch(() => undefined);
    throw err;
  }
}
