import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { encodeWav } from '../../testing/wav-fixtures';
import { decodeClipFor } from './decode-clip';
import { extractFeatures } from './extract';
import { parseFeatureSpec } from './spec';

let dir: string;
const SR = 24414;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ser-decode-clip-'));
  const y = Float32Array.from({ length: Math.round(4.2 * SR) }, (_, i) => 0.3 * Math.sin(i * 0.05 + 1e-6 * i * i) + 0.01 * Math.sin(i * 0.37));
  await writeFile(join(dir, 'long.wav'), encodeWav([y], SR));
  await writeFile(join(dir, 'short.wav'), encodeWav([y.subarray(0, Math.round(0.3 * SR))], SR));
  const corrupt = y.slice(0, 2 * SR);
  corrupt[100] = Infinity; // before the seed window
  await writeFile(join(dir, 'inf.wav'), encodeWav([corrupt], SR, { float: true }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeClipFor', () => {
  it('decodes only the stretch a spec reads, and its features are those of the whole clip', async () => {
    const path = join(dir, 'long.wav');
    const whole = await decodeAudioFile(path);
    for (const name of ['seed', 'frames', 'frames:offsetSeconds=1.25,durationSeconds=2', 'meyda-mfcc']) {
      const spec = parseFeatureSpec(name);
      const part = await decodeClipFor(path, spec, 'blocking');
      expect(Array.from(extractFeatures(part, spec).data), name).toEqual(Array.from(extractFeatures(whole, spec).data));
      if (name === 'seed') expect([part.offsetFrames, part.samples.length]).toEqual([Math.floor(0.5 * SR), Math.floor(3 * SR)]);
      if (name.includes('offsetSeconds')) expect([part.offsetFrames, part.samples.length]).toEqual([Math.floor(1.25 * SR), Math.floor(2 * SR)]);
    }
    expect((await decodeClipFor(path, parseFeatureSpec('seed'), 'pool', true)).samples.length).toBe(whole.samples.length);
  });

  it('a clip shorter than the seed offset still gets the clear "too short" error', async () => {
    const part = await decodeClipFor(join(dir, 'short.wav'), parseFeatureSpec('seed'), 'pool');
    expect(() => extractFeatures(part, parseFeatureSpec('seed'))).toThrow(/too short: 0\.300 s/);
  });

  it('float samples are decoded whole: an infinite sample outside the window still refuses the clip', async () => {
    await expect(decodeClipFor(join(dir, 'inf.wav'), parseFeatureSpec('seed'), 'blocking')).rejects.toMatchObject({ code: 'bad-samples' });
  });
});
