/**
 * Generates a small TESS-named corpus of real 16-bit PCM WAV files (speech-like tones with a
 * per-file pitch) in a temporary folder. Plain Node, so unit tests and Playwright specs share it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWavPcm16 } from '../src-main/core/audio/encode';

/** Mono 16-bit PCM WAV bytes (canonical 44-byte header). */
export function pcm16Wav(samples: Float32Array, sampleRate: number): Buffer {
  return Buffer.from(encodeWavPcm16(samples, sampleRate));
}

/** A voiced-sounding tone: a few harmonics of f0 under a slow amplitude envelope. */
export function tone(f0: number, seconds: number, sampleRate: number): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const env = Math.sin((Math.PI * i) / n) ** 2;
    let s = 0;
    for (let h = 1; h <= 4; h++) s += Math.sin(2 * Math.PI * f0 * h * t) / h;
    y[i] = 0.4 * env * s;
  }
  return y;
}

export interface GeneratedCorpus {
  root: string;
  clips: number;
  speakers: string[];
  labels: string[];
  words: string[];
  labelCounts: Record<string, number>;
  remove(): void;
}

/**
 * TESS layout: `<SPEAKER>_<emotion>/<SPEAKER>_<word>_<emotion>.wav`, plus one unreadable `.wav`
 * (a problem the corpus view must list).
 */
export function writeTessCorpus(
  opts: { speakers?: string[]; labels?: string[]; words?: string[]; seconds?: number; sampleRate?: number } = {},
): GeneratedCorpus {
  const speakers = opts.speakers ?? ['OAF', 'YAF'];
  const labels = opts.labels ?? ['angry', 'happy', 'neutral', 'sad'];
  const words = opts.words ?? ['back', 'bar', 'base'];
  const seconds = opts.seconds ?? 1.2;
  const sampleRate = opts.sampleRate ?? 16000;
  const root = mkdtempSync(join(tmpdir(), 'ser-e2e-corpus-'));
  const labelCounts: Record<string, number> = {};
  let k = 0;
  for (const speaker of speakers) {
    for (const label of labels) {
      const dir = join(root, `${speaker}_${label}`);
      mkdirSync(dir, { recursive: true });
      for (const word of words) {
        // Distinct pitch per file, so no two files are duplicates.
        writeFileSync(join(dir, `${speaker}_${word}_${label}.wav`), pcm16Wav(tone(110 + 7 * k++, seconds, sampleRate), sampleRate));
        labelCounts[label] = (labelCounts[label] ?? 0) + 1;
      }
    }
  }
  writeFileSync(join(root, `${speakers[0]}_${labels[0]}`, `${speakers[0]}_broken_${labels[0]}.wav`), 'this is not audio');
  return {
    root,
    clips: speakers.length * labels.length * words.length,
    speakers,
    labels,
    words,
    labelCounts,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
