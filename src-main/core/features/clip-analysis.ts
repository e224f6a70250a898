/**
 * The clip inspector's analysis of one clip, at the clip's own sample rate: MFCC frames, meyda
 * descriptors, and the stretch of the clip the seed feature reads. Throws AudioDecodeError.
 */
import { decodeAudioFileRange } from '../audio';
import { frameDescriptors } from './descriptors';
import { mfcc } from './mfcc';
import { seedWindow } from './spec';
import type { ClipAnalysis } from './types';

export type { ClipAnalysis };

/** Longest stretch of a clip the inspector analyses (bounds the work and the allocation). */
export const MAX_INSPECT_SECONDS = 60;
/** The STFT hop of the inspector's MFCC (librosa's default). */
const MFCC_HOP = 512;

export async function analyseClip(file: string): Promise<ClipAnalysis> {
  const audio = await decodeAudioFileRange(file, (info) => ({ maxFrames: Math.round(MAX_INSPECT_SECONDS * info.sampleRate) }));
  const sr = audio.sampleRate;
  const m = mfcc(audio.samples, sr, { nMfcc: 40, hop: MFCC_HOP });
  const d = frameDescriptors(audio.samples, sr);
  return {
    path: file,
    sampleRate: sr,
    durationSeconds: audio.durationSeconds,
    mfcc: { shape: [m.shape[0], m.shape[1]], data: Array.from(m.data, round4) },
    mfccHopSeconds: MFCC_HOP / sr,
    descriptors: {
      hopSeconds: d.hopSeconds,
      rms: Array.from(d.rms, round4),
      zcr: Array.from(d.zcr, round4),
      centroid: Array.from(d.centroid, round4),
      flatness: Array.from(d.flatness, round4),
      rolloff: Array.from(d.rolloff, round4),
    },
    seedWindow: seedWindow(audio.durationSeconds),
  };
}

/** Four decimals are plenty for drawing and keep the JSON small. */
function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
