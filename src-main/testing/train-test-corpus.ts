/** Test helper: a generated TESS-shaped corpus of harmonic tones whose pitch depends on the label (never committed audio). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWavPcm16 } from '../core/audio/encode';

const SR = 22050;
const WORDS = ['back', 'bar', 'base', 'bath', 'bean', 'beg', 'bite', 'boat', 'bone', 'book', 'burn', 'cab'];
const EMOTION_PITCH: Record<string, number> = { angry: 180, neutral: 420, sad: 950 };

/** A seeded harmonic tone, 1 s at 22050 Hz, as a PCM16 WAV: the pitch class is the label. */
export function toneWav(f0: number, seed: number): Buffer {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pitch = f0 * (0.96 + 0.08 * rand());
  const amp = 0.2 + 0.4 * rand();
  const y = new Float32Array(SR);
  for (let i = 0; i < y.length; i++) {
    const t = i / SR;
    y[i] =
      (amp * (Math.sin(2 * Math.PI * pitch * t) + 0.5 * Math.sin(4 * Math.PI * pitch * t) + 0.25 * Math.sin(6 * Math.PI * pitch * t))) / 1.75 +
      0.02 * (rand() - 0.5);
  }
  return Buffer.from(encodeWavPcm16(y, SR));
}

/** A TESS-shaped corpus: <SPK>_<emotion>/<SPK>_<word>_<emotion>.wav. */
export function makeToneCorpus(root: string, wordsPerClass: number, emotions = Object.keys(EMOTION_PITCH)) {
  let seed = 1;
  for (const speaker of ['OAF', 'YAF'])
    for (const emotion of emotions) {
      const dir = join(root, `${speaker}_${emotion}`);
      mkdirSync(dir, { recursive: true });
      for (let w = 0; w < wordsPerClass; w++) writeFileSync(join(dir, `${speaker}_${WORDS[w]}_${emotion}.wav`), toneWav(EMOTION_PITCH[emotion], seed++));
    }
}
