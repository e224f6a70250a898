import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { decodeAudioFile, librosaLoad } from '../audio';
import { mfcc } from './mfcc';
import { extractFeatures } from './extract';
import { SEED_SPEC } from './spec';
import { HAVE_TESS, TESS_DIR, compare, readF32, readJson, type RefMatrix } from '../../testing/librosa-ref';

if (!HAVE_TESS) console.warn(`[features] ${TESS_DIR} or the librosa refs not found: TESS parity tests skipped`);

interface TessMfccRef {
  mfcc: RefMatrix;
  mfcc_mean: number[];
  sr: number;
  n_samples: number;
}
interface TessSeedRef {
  seed: number[];
  n_samples: number;
  n_frames: number;
  seed_signal_file?: string;
}

describe.skipIf(!HAVE_TESS)('TESS clips vs librosa 0.10.2 (../shared)', () => {
  it('tess_mfcc.json: MFCC at the native rate, every clip', async () => {
    const refs = readJson<Record<string, TessMfccRef>>('tess_mfcc.json');
    let worst = 0,
      worstMean = 0;
    for (const [rel, ref] of Object.entries(refs)) {
      const path = join(TESS_DIR, rel);
      expect(existsSync(path), path).toBe(true);
      const audio = await decodeAudioFile(path);
      expect(audio.sampleRate).toBe(ref.sr);
      expect(audio.samples.length).toBe(ref.n_samples);
      const m = mfcc(audio.samples, audio.sampleRate, { nMfcc: 40 });
      expect(m.shape, rel).toEqual(ref.mfcc.shape);
      const r = compare(m.data, ref.mfcc.data, 2e-3, 1e-5);
      const T = m.shape[1];
      const mean = Array.from({ length: 40 }, (_, k) => m.data.subarray(k * T, (k + 1) * T).reduce((a, b) => a + b, 0) / T);
      const rm = compare(mean, ref.mfcc_mean, 2e-3, 1e-5);
      worst = Math.max(worst, r.maxAbs);
      worstMean = Math.max(worstMean, rm.maxAbs);
      expect(r.ok, `${rel}: max|diff| ${r.maxAbs}`).toBe(true);
      expect(rm.ok, `${rel}: mean max|diff| ${rm.maxAbs}`).toBe(true);
    }
    console.log(`tess_mfcc (${Object.keys(refs).length} clips): mfcc max|diff| ${worst.toExponential(2)}, mfcc_mean ${worstMean.toExponential(2)}`);
  });

  it('tess_seed.json: the seed feature end to end (decode, kaiser_best resample, MFCC, mean)', async () => {
    const refs = readJson<Record<string, TessSeedRef>>('tess_seed.json');
    let worst = 0,
      worstSignal = 0;
    for (const [rel, ref] of Object.entries(refs)) {
      const audio = await decodeAudioFile(join(TESS_DIR, rel));
      // Localises a mismatch: the loaded signal alone (audio module); README tolerance 1e-5.
      const y = librosaLoad(audio, { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 });
      expect(y.length, `${rel}: samples after load`).toBe(ref.n_samples);
      if (ref.seed_signal_file) {
        const r = compare(y, readF32(ref.seed_signal_file), 1e-5);
        worstSignal = Math.max(worstSignal, r.maxAbs);
        expect(r.ok, `${rel}: seed signal max|diff| ${r.maxAbs}`).toBe(true);
      }
      const f = extractFeatures(audio, SEED_SPEC);
      const r = compare(f.data, ref.seed, 2e-3, 1e-5);
      worst = Math.max(worst, r.maxAbs);
      expect(r.ok, `${rel}: seed max|diff| ${r.maxAbs}`).toBe(true);
    }
    console.log(
      `tess_seed (${Object.keys(refs).length} clips): seed max|diff| ${worst.toExponential(2)}, seed_signal max|diff| ${worstSignal.toExponential(2)}`,
    );
  });
});
