/** Decoding a clip for its features: only the stretch a spec reads, as librosa.load(offset, duration) does. */
import { decodeAudioFileRange, loadRange, type DecodeOptions, type DecodedAudio, type FileReads } from '../audio';
import { normalizeFeatureSpec, specReads, type FeatureSpec } from './spec';

/** The frames of a clip at `sampleRate` that extractFeatures reads under `spec`. */
export function framesRead(spec: FeatureSpec, sampleRate: number): DecodeOptions {
  const { offsetSeconds, durationSeconds } = specReads(normalizeFeatureSpec(spec));
  const { start, count } = loadRange(sampleRate, { sr: sampleRate, offsetSeconds, durationSeconds });
  return { offsetFrames: start, maxFrames: count === Infinity ? undefined : count };
}

/**
 * The clip decoded for extractFeatures(·, spec): the seed feature skips the first 0.5 s and stops at
 * 3.5 s, so a quarter of a TESS clip is never decoded. `whole` decodes all of it (augmentation
 * changes the clip's timing before the window is taken). Float samples are always decoded whole: they
 * can be NaN or infinite, and a corrupt sample anywhere refuses the clip, whatever the spec reads.
 */
export function decodeClipFor(path: string, spec: FeatureSpec, reads: FileReads, whole = false): Promise<DecodedAudio> {
  return decodeAudioFileRange(path, (info) => (whole || info.encoding.includes('float') ? {} : framesRead(spec, info.sampleRate)), reads);
}
