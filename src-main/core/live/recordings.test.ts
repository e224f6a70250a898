import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { scanCorpus } from '../dataset';
import { RecordingError, saveRecording } from './recordings';

let dir: string | undefined;
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

describe('saveRecording', () => {
  it('writes a WAV the scanner reads back with its speaker and label', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ser-rec-'));
    const samples = Float32Array.from({ length: 16000 }, (_, i) => 0.25 * Math.sin(i / 9));
    const at = new Date(2026, 11, 2, 13, 4, 5, 6);
    const file = await saveRecording(dir, { speaker: 'Ada', label: 'Happy', samples, sampleRate: 16000, at });
    expect(relative(dir, file)).toBe(join('Ada', 'happy', 'take-20261202-130405-006.wav'));
    const audio = await decodeAudioFile(file);
    expect(audio.sampleRate).toBe(16000);
    expect(audio.samples[100]).toBeCloseTo(samples[100], 4);
    const manifest = await scanCorpus(dir);
    expect(manifest.corpus).toBe('folder-per-label');
    expect(manifest.clips.map((c) => [c.speaker, c.label])).toEqual([['Ada', 'happy']]);
    expect(await readdir(join(dir, 'Ada', 'happy'))).toEqual(['take-20261202-130405-006.wav']); // no temp file left
  });

  it('refuses a label it does not know and a speaker name that is not one folder', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ser-rec-'));
    const take = { samples: new Float32Array(10), sampleRate: 16000 };
    await expect(saveRecording(dir, { ...take, speaker: 'me', label: 'grumpy' })).rejects.toThrow(/'grumpy' is not an emotion label/);
    await expect(saveRecording(dir, { ...take, speaker: '../up', label: 'sad' })).rejects.toThrow(RecordingError);
    await expect(saveRecording(dir, { ...take, speaker: '', label: 'sad' })).rejects.toThrow(/empty/);
    expect(await readdir(dir)).toEqual([]);
  });
});
