/** A dense row-major matrix (or vector when shape has one entry) of float32 features. */
export interface FeatureMatrix {
  shape: number[];
  data: Float32Array;
}
