/**
 * Time-major frame operations for the `frames` spec: deltas, centre crop / end padding, per-clip
 * standardisation. Data is frame-major: frame t's n values at [t*n, (t+1)*n).
 */

/**
 * librosa.feature.delta(data, width, order, axis=time, mode='interp'): a Savitzky-Golay derivative
 * with polyorder = order. Interior frames use the symmetric least-squares kernel; in 'interp' mode
 * the edge frames take the derivative of the polynomial fitted to the first/last `width` frames,
 * which for polyorder = order is a constant, i.e. the nearest interior value.
 * librosa refuses T < width; here the width shrinks to the largest odd number ≤ T (≥ 3), and with
 * fewer than 3 frames (order 1) or 3 frames (order 2 needs 3) the delta is 0.
 */
export function delta(data: Float64Array, nFrames: number, n: number, order: 1 | 2, width = 9): Float64Array {
  if (width < 3 || width % 2 === 0) throw new RangeError(`delta width must be odd and >= 3, got ${width}`);
  const out = new Float64Array(nFrames * n);
  const w = Math.min(width, nFrames % 2 === 1 ? nFrames : nFrames - 1);
  if (w < 3) return out;
  const half = (w - 1) >> 1;
  const kernel = savgolDerivativeKernel(half, order);
  for (let t = half; t < nFrames - half; t++) {
    const o = t * n;
    for (let j = -half; j <= half; j++) {
      const c = kernel[j + half];
      if (c === 0) continue;
      const src = (t + j) * n;
      for (let i = 0; i < n; i++) out[o + i] += c * data[src + i];
    }
  }
  // Edges: the derivative of the fitted polynomial is the same as at the first/last interior frame.
  for (let t = 0; t < half; t++) {
    out.copyWithin(t * n, half * n, (half + 1) * n);
    const last = nFrames - 1 - half;
    out.copyWithin((nFrames - 1 - t) * n, last * n, (last + 1) * n);
  }
  return out;
}

/** Least-squares derivative kernel over offsets -half..half: slope (order 1) or 2nd derivative (order 2). */
function savgolDerivativeKernel(half: number, order: 1 | 2): Float64Array {
  const k = new Float64Array(2 * half + 1);
  if (order === 1) {
    let s2 = 0;
    for (let j = -half; j <= half; j++) s2 += j * j;
    for (let j = -half; j <= half; j++) k[j + half] = j / s2;
  } else {
    // Quadratic fit a + b j + c j²; with a symmetric window c = Σ(j²−m)x / Σ(j²−m)², second derivative 2c.
    const w = 2 * half + 1;
    let m = 0;
    for (let j = -half; j <= half; j++) m += j * j;
    m /= w;
    let d = 0;
    for (let j = -half; j <= half; j++) d += (j * j - m) ** 2;
    for (let j = -half; j <= half; j++) k[j + half] = (2 * (j * j - m)) / d;
  }
  return k;
}

/** Concatenate per frame: [a_t, b_t, ...] → frame-major [T, Σ n]. */
export function stackPerFrame(parts: Float64Array[], nFrames: number, n: number): Float64Array {
  const width = n * parts.length;
  const out = new Float64Array(nFrames * width);
  for (let t = 0; t < nFrames; t++) {
    for (let p = 0; p < parts.length; p++) out.set(parts[p].subarray(t * n, (t + 1) * n), t * width + p * n);
  }
  return out;
}

/** The frames [start, start+count) kept by a centre crop of nFrames to at most `target`. */
export function centreCropRange(nFrames: number, target: number): { start: number; count: number } {
  if (nFrames <= target) return { start: 0, count: nFrames };
  return { start: Math.floor((nFrames - target) / 2), count: target };
}

/** Standardise each column (mean 0, std 1) over the given frames, in place; constant columns become 0. */
export function standardizeColumns(data: Float64Array, nFrames: number, n: number): void {
  if (nFrames === 0) return;
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (let t = 0; t < nFrames; t++) mean += data[t * n + i];
    mean /= nFrames;
    let v = 0;
    for (let t = 0; t < nFrames; t++) v += (data[t * n + i] - mean) ** 2;
    const std = Math.sqrt(v / nFrames);
    const inv = std > 1e-8 ? 1 / std : 0;
    for (let t = 0; t < nFrames; t++) data[t * n + i] = (data[t * n + i] - mean) * inv;
  }
}

/**
 * Fixed-length output [target, n] as float32: centre crop when longer, zeros appended at the end when
 * shorter (after standardisation zero is each coefficient's clip mean, so padding is neutral).
 */
export function fitFrames(data: Float64Array, nFrames: number, n: number, target: number, normalize: boolean): Float32Array {
  const { start, count } = centreCropRange(nFrames, target);
  const kept = data.slice(start * n, (start + count) * n);
  if (normalize) standardizeColumns(kept, count, n);
  const out = new Float32Array(target * n);
  out.set(kept);
  return out;
}
