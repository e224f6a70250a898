/** Feature data types, free of Node: the renderer reads them through the api contract. */

/** A dense row-major matrix (or vector when shape has one entry) of float32 features. */
export interface FeatureMatrix {
  shape: number[];
  data: Float32Array;
}

/** A row-major matrix: `data.length === shape[0] * shape[1]`. */
export interface Matrix {
  shape: [number, number];
  data: number[];
}

export interface ClipAnalysis {
  path: string;
  sampleRate: number;
  durationSeconds: number;
  /** librosa-compatible MFCC at the clip's own sample rate: shape [40, T] (coefficient × frame). */
  mfcc: Matrix;
  /** Seconds between MFCC frames (hop 512 / sampleRate); frame t is centred at t * mfccHopSeconds. */
  mfccHopSeconds: number;
  /** meyda per-frame descriptors; frame i starts at i * hopSeconds. */
  descriptors: { hopSeconds: number; rms: number[]; zcr: number[]; centroid: number[]; flatness: number[]; rolloff: number[] };
  /** The seed feature's analysis window (librosa.load offset and duration), clamped to the clip. */
  seedWindow: { startSeconds: number; endSeconds: number };
}
