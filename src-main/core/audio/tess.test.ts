import { readFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD_BYTES, decodeAudioFile, readAudioInfo, readAudioInfoFile } from './decode';
import type { AudioInfo } from './errors';
import { librosaLoadFile, loadRange } from './load';
import { LIBROSA_REF, TESS, TESS_CLIPS, hasLibrosaRef, hasTess, readF32, skipNote } from '../../testing/test-shared';

skipNote('the TESS quirk tests', hasTess);
describe.skipIf(!hasTess)('TESS clips (../shared/data/tess)', () => {
  it('YAF_germ_angry.wav is AIFF under a .wav name and decodes at 24414 Hz', async () => {
    const path = join(TESS_CLIPS, 'YAF_angry/YAF_germ_angry.wav');
    expect(readFileSync(path).subarray(0, 4).toString('latin1')).toBe('FORM');
    const audio = await decodeAudioFile(path);
    expect(audio).toMatchObject({ format: 'aiff', sampleRate: 24414, channels: 1, bitsPerSample: 16, frames: 53847 });
    expect(audio.samples.some((v) => Math.abs(v) > 0.01)).toBe(true);
  });

  it('OAF_food_fear.wav is 96 kHz', async () => {
    const info = await readAudioInfoFile(join(TESS_CLIPS, 'OAF_Fear/OAF_food_fear.wav'));
    expect(info).toMatchObject({ format: 'wav', encoding: 'pcm16', sampleRate: 96000, frames: 145172 });
  });

  it('OA_bite_neutral.wav decodes', async () => {
    const audio = await decodeAudioFile(join(TESS_CLIPS, 'OAF_neutral/OA_bite_neutral.wav'));
    expect(audio).toMatchObject({ format: 'wav', sampleRate: 24414 });
    expect(audio.samples.length).toBe(audio.frames);
  });

  it('reads all 1427 headers from their first 64 KiB without an error', async () => {
    const files: string[] = [];
    for (const folder of await readdir(TESS_CLIPS)) {
      for (const name of await readdir(join(TESS_CLIPS, folder))) files.push(join(TESS_CLIPS, folder, name));
    }
    const t0 = performance.now();
    const infos: AudioInfo[] = [];
    const head = new Uint8Array(HEAD_BYTES);
    for (const path of files) {
      const file = await open(path, 'r');
      try {
        const { size } = await file.stat();
        const { bytesRead } = await file.read(head, 0, Math.min(HEAD_BYTES, size), 0);
        infos.push(readAudioInfo(head.subarray(0, bytesRead), size, path));
      } finally {
        await file.close();
      }
    }
    const ms = performance.now() - t0;
    console.log(`[audio tests] ${files.length} TESS headers read in ${ms.toFixed(0)} ms`);
    expect(files.length).toBe(1427);
    expect(infos.filter((i) => i.format === 'aiff').length).toBe(1);
    expect(new Set(infos.map((i) => i.sampleRate))).toEqual(new Set([24414, 96000]));
    expect(infos.every((i) => i.channels === 1 && i.durationSeconds > 1 && i.durationSeconds < 3.5)).toBe(true);
    expect(ms).toBeLessThan(5000);
  });
});

skipNote('the librosa.load parity tests', hasTess && hasLibrosaRef);
describe.skipIf(!(hasTess && hasLibrosaRef))('librosa.load parity (tess_mfcc.json, tess_seed.json, seed_signal_*.f32)', () => {
  type MfccRef = Record<string, { sr: number; n_samples: number }>;
  type SeedRef = Record<string, { native_sr: number; native_offset_samples: number; native_frames_read: number; n_samples: number; seed_signal_file?: string }>;
  const mfccRef = hasLibrosaRef ? (JSON.parse(readFileSync(join(LIBROSA_REF, 'tess_mfcc.json'), 'utf8')) as MfccRef) : {};
  const seedRef = hasLibrosaRef ? (JSON.parse(readFileSync(join(LIBROSA_REF, 'tess_seed.json'), 'utf8')) as SeedRef) : {};

  it('native decode: rate and sample count of the 16 reference clips', async () => {
    expect(Object.keys(mfccRef).length).toBe(16);
    for (const [rel, ref] of Object.entries(mfccRef)) {
      const audio = await decodeAudioFile(join(TESS, rel));
      expect([rel, audio.sampleRate, audio.samples.length]).toEqual([rel, ref.sr, ref.n_samples]);
    }
  });

  it('seed load: offset frame, frames read and resampled length of the 16 clips', async () => {
    for (const [rel, ref] of Object.entries(seedRef)) {
      const info = await readAudioInfoFile(join(TESS, rel));
      const { start, count } = loadRange(info.sampleRate, { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 });
      expect([rel, start, Math.min(count, info.frames - start)]).toEqual([rel, ref.native_offset_samples, ref.native_frames_read]);
      const y = await librosaLoadFile(join(TESS, rel), { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 });
      expect([rel, y.length]).toEqual([rel, ref.n_samples]);
    }
  });

  for (const name of ['OAF_back_fear', 'OAF_food_fear']) {
    it(`librosaLoadFile(${name}) matches seed_signal_${name}.f32 within 1e-5`, async () => {
      const ref = readF32(join(LIBROSA_REF, `seed_signal_${name}.f32`));
      const y = await librosaLoadFile(join(TESS_CLIPS, 'OAF_Fear', `${name}.wav`), { sr: 22050, offsetSeconds: 0.5, durationSeconds: 3 });
      expect(y.length).toBe(ref.length);
      let max = 0;
      for (let i = 0; i < y.length; i++) max = Math.max(max, Math.abs(y[i]! - ref[i]!));
      console.log(`[audio tests] ${name}: max |librosaLoad − librosa| = ${max.toExponential(2)}`);
      expect(max).toBeLessThan(1e-5);
    });
  }
});
