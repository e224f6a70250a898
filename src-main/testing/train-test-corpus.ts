/** Test helper: a generated TESS-shaped corpus of harmonic tones whose pitch depends on the label (never committed audio). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { encodeWavPcm16 } from '../core/audio/encode';

const SR = 22050;
const WORDS = ['back', 'bar', 'base', 'bath', 'bean', 'beg', 'bite', 'boat', 'bone', 'book', 'burn', 'cab'];
const EMOTION_PITCH: Record<string, number> = { angry: 180, neutral: 420, sad: 950 };

/** The corpus voice's harmonics (relative amplitudes of f0, 2 f0, 3 f0). */
const CORPUS_HARMONICS = [1, 0.5, 0.25];

/** A seeded harmonic tone, 1 s at 22050 Hz, as a PCM16 WAV: the pitch class is the label, the harmonics the voice. */
export function toneWav(f0: number, seed: number, harmonics = CORPUS_HARMONICS): Buffer {
  let s = seed >>> 0 || 1;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pitch = f0 * (0.96 + 0.08 * rand());
  const amp = 0.2 + 0.4 * rand();
  const y = new Float32Array(SR);
  const norm = harmonics.reduce((a, b) => a + b, 0);
  for (let i = 0; i < y.length; i++) {
    const t = i / SR;
    let v = 0;
    harmonics.forEach((h, k) => (v += h * Math.sin(2 * Math.PI * (k + 1) * pitch * t)));
    y[i] = (amp * v) / norm + 0.02 * (rand() - 0.5);
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

/**
 * A person's recordings as the Live view saves them (<speaker>/<label>/take-NN.wav) in a voice unlike
 * the corpus's: odd harmonics only, and each label at the pitch of another label of the corpus
 * (angry at neutral's, neutral at sad's, sad at angry's), so a model of the corpus hears them wrong.
 */
export function makeShiftedRecordings(root: string, perLabel: number, speaker = 'me', labels = ['angry', 'neutral', 'sad']): void {
  const pitchOf: Record<string, number> = { angry: EMOTION_PITCH.neutral, neutral: EMOTION_PITCH.sad, sad: EMOTION_PITCH.angry, happy: 600 };
  let seed = 1000;
  for (const label of labels) {
    const dir = join(root, speaker, label);
    mkdirSync(dir, { recursive: true });
    for (let k = 0; k < perLabel; k++)
      writeFileSync(join(dir, `take-${String(k).padStart(2, '0')}.wav`), toneWav(pitchOf[label], seed++, [1, 0, 0.9, 0, 0.8, 0, 0.7]));
  }
}

/**
 * A RAVDESS-named corpus of the same tones (`Actor_NN/03-01-EE-01-SS-RR-NN.wav`): actors 1…`actors`, each
 * emotion's 4 takes (2 statements × 2 repetitions); calm (02) at neutral's pitch, as the label map makes it one.
 */
export function makeRavdessToneCorpus(root: string, actors: number): void {
  const codes: Record<string, number> = { '01': EMOTION_PITCH.neutral, '02': EMOTION_PITCH.neutral, '04': EMOTION_PITCH.sad, '05': EMOTION_PITCH.angry };
  let seed = 5000;
  for (let a = 1; a <= actors; a++) {
    const actor = String(a).padStart(2, '0');
    const dir = join(root, `Actor_${actor}`);
    mkdirSync(dir, { recursive: true });
    for (const [code, f0] of Object.entries(codes))
      for (const statement of ['01', '02'])
        for (const repetition of ['01', '02']) writeFileSync(join(dir, `03-01-${code}-01-${statement}-${repetition}-${actor}.wav`), toneWav(f0, seed++));
  }
}

/** How each other convention names a clip of speaker index `s` (0 or 1), emotion and take `t` (relative path). */
const CONVENTION_NAMES = {
  'crema-d': {
    labels: { angry: 'ANG', neutral: 'NEU', sad: 'SAD' },
    name: (s: number, code: string, t: number) => `${1001 + s}_${['IEO', 'DFA', 'ITH'][t]}_${code}_XX.wav`,
  },
  savee: { labels: { angry: 'a', neutral: 'n', sad: 'sa' }, name: (s: number, code: string, t: number) => `${['DC', 'JK'][s]}/${code}0${t + 1}.wav` },
  emodb: {
    labels: { angry: 'W', neutral: 'N', sad: 'T', boredom: 'L' },
    name: (s: number, code: string, t: number) => `wav/${['03', '08'][s]}a0${t + 1}${code}a.wav`,
  },
  'folder-per-label': {
    labels: { angry: 'angry', neutral: 'neutral', sad: 'sadness' },
    name: (s: number, code: string, t: number) => `${['ann', 'bo'][s]}/${code}/take-${t + 1}.wav`,
  },
} as const;

/**
 * A small corpus of the same tones named as CREMA-D, SAVEE, EmoDB or a folder per label does: two speakers,
 * three takes of angry, neutral and sad each (EmoDB also boredom, at neutral's pitch).
 */
export function makeConventionToneCorpus(root: string, convention: keyof typeof CONVENTION_NAMES): void {
  const { labels, name } = CONVENTION_NAMES[convention];
  let seed = 7000;
  for (let s = 0; s < 2; s++)
    for (const [label, code] of Object.entries(labels))
      for (let t = 0; t < 3; t++) {
        const path = join(root, name(s, code, t));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, toneWav(EMOTION_PITCH[label] ?? EMOTION_PITCH.neutral!, seed++));
      }
}
