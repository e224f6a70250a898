import { describe, expect, it } from 'vitest';
import { SPEECH_MISSING, speak } from '../../testing/spoken';
import { resampleKaiserBest } from '../audio/resample';
import { loadSileroVad, VAD_FRAME_SAMPLES, VAD_SAMPLE_RATE } from './silero-vad';

async function probabilities(x: Float32Array): Promise<number[]> {
  const vad = await loadSileroVad();
  const out: number[] = [];
  for (let i = 0; i + VAD_FRAME_SAMPLES <= x.length; i += VAD_FRAME_SAMPLES) out.push((await vad.process(x.slice(i, i + VAD_FRAME_SAMPLES))).isSpeech);
  return out;
}

describe('Silero VAD (bundled model, onnxruntime-web wasm in Node)', () => {
  it('hears no speech in silence or faint noise', async () => {
    let seed = 7;
    const noise = Float32Array.from({ length: VAD_SAMPLE_RATE * 2 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.002);
    const p = await probabilities(noise);
    expect(Math.max(...p)).toBeLessThan(0.3);
  }, 30_000);

  it.skipIf(SPEECH_MISSING)(
    `hears a spoken sentence as speech${SPEECH_MISSING ? ` (skipped: ${SPEECH_MISSING})` : ''}`,
    async () => {
      const spoken = speak('Say the word bite. Say the word dog.');
      const p = await probabilities(resampleKaiserBest(spoken.samples, spoken.sampleRate, VAD_SAMPLE_RATE));
      const speechFrames = p.filter((v) => v > 0.5).length;
      expect(speechFrames / p.length).toBeGreaterThan(0.5);
    },
    30_000,
  );
});
