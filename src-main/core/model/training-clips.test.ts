import { describe, expect, it } from 'vitest';
import { trainingClipTest, withoutTrainingClips } from './training-clips';

const meta = {
  labels: ['angry', 'sad'],
  corpus: { root: '/data/tess', convention: 'tess', clips: 4 },
  split: {
    spec: { kind: 'random' as const, valFraction: 0.5, seed: 1 },
    trainCount: 2,
    validationCount: 2,
    trainLabelCounts: {},
    validationLabelCounts: {},
    trainSpeakers: [],
    validationSpeakers: [],
    validationPaths: ['/data/tess/OAF_angry/a2.wav', '/data/tess/OAF_sad/s2.wav'],
  },
};

describe('trainingClipTest', () => {
  it('names the clips of the training corpus that are not validation clips', () => {
    const isTraining = trainingClipTest(meta)!;
    expect(isTraining({ path: '/data/tess/OAF_angry/a1.wav', label: 'angry' })).toBe(true);
    expect(isTraining({ path: '/data/tess/OAF_angry/a2.wav', label: 'angry' })).toBe(false);
    expect(isTraining({ path: '/data/tess/OAF_sad/../OAF_sad/s2.wav', label: 'sad' })).toBe(false);
    // Another folder, or a label the model never learnt, cannot have been trained on.
    expect(isTraining({ path: '/data/tess-other/OAF_angry/a1.wav', label: 'angry' })).toBe(false);
    expect(isTraining({ path: '/data/tess/OAF_happy/h1.wav', label: 'happy' })).toBe(false);
  });

  it('knows every corpus of a model trained on several', () => {
    const corpora = [
      { root: '/data/tess', convention: 'tess', clips: 2 },
      { root: '/data/ravdess', convention: 'ravdess', clips: 2 },
    ];
    const isTraining = trainingClipTest({ ...meta, corpus: { ...meta.corpus, corpora } })!;
    expect(isTraining({ path: '/data/ravdess/Actor_01/03-01-05-01-01-01-01.wav', label: 'angry' })).toBe(true);
    expect(isTraining({ path: '/data/tess/OAF_angry/a1.wav', label: 'angry' })).toBe(true);
    expect(isTraining({ path: '/data/savee/DC/a01.wav', label: 'angry' })).toBe(false);
  });

  it('is undefined for a model that records no training corpus or validation clips', () => {
    expect(trainingClipTest({ ...meta, corpus: undefined })).toBeUndefined();
    expect(trainingClipTest({ ...meta, split: { ...meta.split, validationPaths: undefined as unknown as string[] } })).toBeUndefined();
  });
});

describe('withoutTrainingClips', () => {
  const clips = [
    { path: '/data/tess/OAF_angry/a1.wav', label: 'angry' },
    { path: '/data/tess/OAF_angry/a2.wav', label: 'angry' },
    { path: '/data/tess/OAF_sad/s1.wav', label: 'sad' },
    { path: '/elsewhere/sad/x.wav', label: 'sad' },
  ];

  it('leaves the training clips out and counts them, or keeps them when asked', () => {
    expect(withoutTrainingClips(meta, clips)).toEqual({ clips: [clips[1], clips[3]], trainingClips: 2 });
    expect(withoutTrainingClips(meta, clips, true)).toEqual({ clips, trainingClips: 2 });
  });

  it('keeps every clip of a model that records no training corpus', () => {
    expect(withoutTrainingClips({ ...meta, corpus: undefined }, clips)).toEqual({ clips, trainingClips: 0 });
  });
});
