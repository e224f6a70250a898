/** Replaying a source model's training corpora when teaching: every corpus on disk, with training's labels and speaker names. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRavdessToneCorpus, makeToneCorpus } from '../../testing/train-test-corpus';
import type { ModelMeta } from './store-folder';
import { replaySample } from './teach-examples';

describe('replaySample', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ser-replay-'));
    makeToneCorpus(join(work, 'tess'), 4);
    makeRavdessToneCorpus(join(work, 'ravdess'), 2);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const meta = (corpora: string[], validationPaths: string[] = []): ModelMeta =>
    ({
      labels: ['angry', 'neutral', 'sad'],
      corpus: {
        root: join(work, corpora[0]!),
        convention: corpora[0]!,
        clips: 0,
        corpora: corpora.map((c) => ({ root: join(work, c), convention: c, clips: 0 })),
        labelMap: { calm: 'neutral' },
      },
      split: { validationPaths },
    }) as unknown as ModelMeta;

  it('draws from every corpus a model was trained on, calm replayed as neutral and speakers named as training named them', async () => {
    const r = await replaySample(meta(['tess', 'ravdess']), 40, 1);
    expect(r.roots).toEqual([join(work, 'tess'), join(work, 'ravdess')]);
    // Each label's whole pool: TESS 8 a label, RAVDESS 8 (neutral: 8 + 8 calm).
    expect(r.clips.filter((c) => c.label === 'neutral')).toHaveLength(8 + 16);
    expect(r.clips).toHaveLength(24 + 32);
    expect(new Set(r.clips.map((c) => c.speaker))).toEqual(new Set(['tess/OAF', 'tess/YAF', 'ravdess/01', 'ravdess/02']));
  });

  it('leaves out the validation clips, and a corpus no longer on disk', async () => {
    const all = await replaySample(meta(['tess', 'ravdess']), 40, 1);
    const held = all.clips.filter((c) => c.speaker === 'ravdess/02').map((c) => c.path);
    const r = await replaySample(meta(['tess', 'ravdess'], held), 40, 1);
    expect(r.clips.some((c) => held.includes(c.path))).toBe(false);
    const gone = await replaySample(meta(['tess', 'elsewhere']), 40, 1);
    expect(gone.roots).toEqual([join(work, 'tess')]);
    expect(gone.clips).toHaveLength(24);
    expect((await replaySample(meta(['elsewhere']), 40, 1)).clips).toEqual([]);
  });

  it('takes up to the number asked of each label, seeded', async () => {
    const a = await replaySample(meta(['tess', 'ravdess']), 3, 7);
    expect(a.clips).toHaveLength(9);
    expect((await replaySample(meta(['tess', 'ravdess']), 3, 7)).clips).toEqual(a.clips);
  });
});
