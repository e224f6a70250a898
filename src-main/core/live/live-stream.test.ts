import { describe, expect, it } from 'vitest';
import type { Prediction } from '../model/predict';
import { DEFAULT_LIVE_OPTIONS, LiveStream, MAX_UTTERANCE_SECONDS, type LiveOptions, type LiveStreamEvent } from './live-stream';
import { rmsOf } from './audio-ring';
import type { VadModel } from './silero-vad';

const SR = 24000;

/** A stand-in detector: a frame is speech when it is louder than −80 dBFS (the real Silero is tested in silero-vad.test.ts). */
const loudIsSpeech: VadModel = {
  process: async (frame) => (rmsOf(frame) > 1e-4 ? { isSpeech: 0.95, notSpeech: 0.05 } : { isSpeech: 0.02, notSpeech: 0.98 }),
  reset: () => undefined,
};

/** Seconds of silence or of a tone at `amplitude`. */
function signal(parts: [seconds: number, amplitude: number][]): Float32Array {
  const total = parts.reduce((s, [sec]) => s + Math.round(sec * SR), 0);
  const x = new Float32Array(total);
  let at = 0;
  for (const [sec, amp] of parts) {
    const n = Math.round(sec * SR);
    for (let i = 0; i < n; i++) x[at + i] = amp * Math.sin((2 * Math.PI * 220 * i) / SR);
    at += n;
  }
  return x;
}

async function run(x: Float32Array, chunk: number, options: Partial<LiveOptions> = {}, end = false) {
  const events: LiveStreamEvent[] = [];
  const predicted: Float32Array[] = [];
  const predict = async (samples: Float32Array): Promise<Prediction> => {
    predicted.push(samples);
    return { label: 'neutral', confidence: 1, probabilities: { neutral: 1 } };
  };
  const stream = new LiveStream(SR, loudIsSpeech, predict, (e) => events.push(e), { ...DEFAULT_LIVE_OPTIONS, ...options });
  for (let i = 0; i < x.length; i += chunk) await stream.push(x.slice(i, i + chunk));
  if (end) await stream.end();
  await new Promise((r) => setTimeout(r, 10));
  const utterances = events.filter((e) => e.type === 'utterance');
  return { events, utterances, predicted, stream };
}

describe('LiveStream', () => {
  const speech = signal([
    [1, 0],
    [1, 0.1],
    [1, 0],
    [0.1, 0.1], // a click: too short
    [1, 0],
    [0.8, 0.0035], // heard (above the −55 dBFS gate) but −52 dBFS: too quiet
    [1, 0],
  ]);

  it('cuts utterances where speech starts and ends, with the pad before and the hangover after', async () => {
    const { events, utterances, predicted } = await run(speech, 1024);
    expect(utterances.map((u) => u.verdict)).toEqual(['predicted', 'too-quiet']);
    expect(events.filter((e) => e.type === 'misfire')).toHaveLength(1);
    const [first] = utterances;
    const frame = (512 * SR) / 16000;
    // Speech from 1.0 s: starts one pad (300 ms) earlier, ends one hangover (300 ms) after 2.0 s, to a frame or two.
    expect(Math.abs(first.startSample - (1 - 0.3) * SR)).toBeLessThanOrEqual(2 * frame);
    expect(Math.abs(first.endSample - (2 + 0.3) * SR)).toBeLessThanOrEqual(2 * frame);
    // The final prediction saw exactly the utterance's samples, which are the stream's own.
    const finalInput = predicted.find((p) => p.length === first.endSample - first.startSample)!;
    expect(finalInput).toBeDefined();
    expect(Array.from(finalInput.subarray(0, 50))).toEqual(Array.from(speech.subarray(first.startSample, first.startSample + 50)));
    expect(Array.from(first.samples.subarray(-50))).toEqual(Array.from(speech.subarray(first.endSample - 50, first.endSample)));
  });

  it('gives rolling predictions at least 4 times a second of speech, inside the speech', async () => {
    const long = signal([
      [1, 0],
      [2, 0.1],
      [1, 0],
    ]);
    const { events } = await run(long, 480);
    const start = events.find((e) => e.type === 'speech-start');
    const rolling = events.filter((e) => e.type === 'rolling');
    expect(start).toBeDefined();
    expect(rolling.length).toBeGreaterThanOrEqual(2 * 4 - 2); // the first needs 0.5 s of audio
    for (const r of rolling) {
      expect(r.endSample - r.startSample).toBeLessThanOrEqual(3 * SR);
      expect(r.startSample).toBeGreaterThanOrEqual(start!.atSample);
    }
  });

  it('finds the same utterances whatever the chunk size', async () => {
    const a = await run(speech, 333);
    const b = await run(speech, 4800);
    expect(b.utterances.map((u) => [u.startSample, u.endSample])).toEqual(a.utterances.map((u) => [u.startSample, u.endSample]));
  });

  it('ends an utterance on request (push-to-talk released, end of a file) without waiting for the hangover', async () => {
    const x = signal([
      [0.5, 0],
      [1, 0.1],
    ]);
    expect((await run(x, 1024)).utterances).toHaveLength(0);
    const ended = await run(x, 1024, {}, true);
    expect(ended.utterances.map((u) => u.verdict)).toEqual(['predicted']);
  });

  it('cuts speech longer than the longest utterance', async () => {
    const x = signal([
      [0.5, 0],
      [MAX_UTTERANCE_SECONDS + 3, 0.1],
      [1, 0],
    ]);
    const { utterances } = await run(x, 4096, { rolling: false });
    expect(utterances).toHaveLength(2);
    expect(utterances[0].endSample - utterances[0].startSample).toBeLessThanOrEqual((MAX_UTTERANCE_SECONDS + 0.1) * SR);
  });

  it('never asks the detector about a quiet room (below −55 dBFS)', async () => {
    let asked = 0;
    const counting = { process: (f: Float32Array) => (asked++, loudIsSpeech.process(f)), reset: () => undefined };
    const floor = signal([[3, 0.0015]]); // −60 dBFS
    const stream = new LiveStream(
      SR,
      counting,
      async () => ({ label: 'x', confidence: 1, probabilities: {} }),
      () => undefined,
    );
    for (let i = 0; i < floor.length; i += 2048) await stream.push(floor.slice(i, i + 2048));
    expect(asked).toBe(0);
    await stream.push(signal([[0.5, 0.1]]));
    expect(asked).toBeGreaterThan(10);
  });

  it('never predicts silence', async () => {
    const { events, predicted } = await run(new Float32Array(SR * 5), 2048);
    expect(events).toHaveLength(0);
    expect(predicted).toHaveLength(0);
  });
});
