import { describe, expect, it } from 'vitest';
import type { TrainCorpora } from '../../../src-main/api/contract';
import { corporaProblem, folderName, labelRows, withTarget } from './train-corpora';

const summary = (labels: string[] = ['neutral', 'sad', 'angry']): TrainCorpora => ({
  corpora: [
    { root: '/c/tess', convention: 'tess', clips: 4, speakers: 2, labelCounts: { neutral: 2, angry: 2 } },
    { root: '/c/ravdess', convention: 'ravdess', clips: 5, speakers: 1, labelCounts: { neutral: 1, calm: 2, sad: 2 } },
  ],
  sourceLabels: ['neutral', 'calm', 'sad', 'angry'],
  labelMap: { calm: 'neutral' },
  targets: ['neutral', 'calm', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise', 'boredom'],
  labelCounts: {},
  labels,
  speakers: [],
  clips: 9,
  relabelled: {},
  dropped: {},
  relabelling: '',
});

describe('the label map table', () => {
  it('has a row per label of any corpus: its clips in each, and what the map makes of it', () => {
    expect(labelRows(summary(), { calm: 'neutral', sad: null })).toEqual([
      { label: 'neutral', perCorpus: [2, 1], clips: 3, becomes: 'neutral' },
      { label: 'calm', perCorpus: [0, 2], clips: 2, becomes: 'neutral' },
      { label: 'sad', perCorpus: [0, 2], clips: 2, becomes: null },
      { label: 'angry', perCorpus: [2, 0], clips: 2, becomes: 'angry' },
    ]);
  });

  it('edits one label at a time: to itself drops the entry, null leaves it out', () => {
    const map = { calm: 'neutral' } as const;
    expect(withTarget(map, 'calm', 'calm')).toEqual({});
    expect(withTarget(map, 'sad', null)).toEqual({ calm: 'neutral', sad: null });
    expect(withTarget(map, 'angry', 'disgust')).toEqual({ calm: 'neutral', angry: 'disgust' });
    expect(map).toEqual({ calm: 'neutral' });
  });

  it('says when the map leaves fewer than two labels', () => {
    expect(corporaProblem(summary())).toBeUndefined();
    expect(corporaProblem(summary(['neutral']))).toMatch(/one label \(neutral\) left; training needs at least 2/);
    expect(corporaProblem(summary([]))).toMatch(/no label left/);
  });

  it('names a folder by its last part, POSIX or Windows', () => {
    expect(folderName('/data/corpora/ravdess/')).toBe('ravdess');
    expect(folderName('C:\\corpora\\CREMA-D')).toBe('CREMA-D');
  });
});
