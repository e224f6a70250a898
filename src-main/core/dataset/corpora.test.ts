import { describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_MAP, describeRelabelling, LabelMapError, mergeCorpora, parseLabelMap } from './corpora';
import type { Clip, CorpusConvention, EmotionLabel, Manifest } from './types';

const clip = (root: string, speaker: string, label: EmotionLabel, i: number): Clip =>
  ({ path: `${root}/${speaker}-${label}-${i}.wav`, relPath: `${speaker}-${label}-${i}.wav`, speaker, label, rawLabel: label }) as Clip;
const manifest = (root: string, corpus: CorpusConvention, clips: Clip[]): Manifest => ({
  root,
  corpus,
  clips,
  problems: [],
  duplicates: [],
  speakers: [...new Set(clips.map((c) => c.speaker))],
  labelCounts: {},
  scannedAt: '',
});

describe('label maps', () => {
  it('read label=label lists, names and aliases as the corpora spell them; an empty right side leaves a label out', () => {
    expect(parseLabelMap('calm=neutral, boredom= ,surprised=surprise')).toEqual({ calm: 'neutral', boredom: null, surprise: 'surprise' });
    expect(parseLabelMap('')).toEqual({});
    expect(() => parseLabelMap('calm')).toThrow(LabelMapError);
    expect(() => parseLabelMap('calm=relaxed')).toThrow("'relaxed' is not an emotion label");
    expect(() => parseLabelMap('calm=neutral,calm=sad')).toThrow('calm is mapped twice');
  });
});

describe('merging corpora', () => {
  const tess = manifest('/c/tess', 'tess', [clip('/c/tess', 'OAF', 'angry', 1), clip('/c/tess', 'OAF', 'neutral', 2)]);
  const ravdess = manifest('/c/rav', 'ravdess', [clip('/c/rav', '01', 'calm', 1), clip('/c/rav', '01', 'angry', 2), clip('/c/rav', '02', 'boredom', 3)]);

  it('names each speaker with their corpus and maps calm onto neutral by default', () => {
    const m = mergeCorpora([tess, ravdess]);
    expect(m.speakers).toEqual(['ravdess/01', 'ravdess/02', 'tess/OAF']);
    expect(m.clips.map((c) => c.label)).toEqual(['angry', 'neutral', 'neutral', 'angry', 'boredom']);
    expect(m.relabelled).toEqual({ 'calm → neutral': 1 });
    expect(m.corpora).toEqual([
      { root: '/c/tess', convention: 'tess', clips: 2 },
      { root: '/c/rav', convention: 'ravdess', clips: 3 },
    ]);
    expect(DEFAULT_LABEL_MAP).toEqual({ calm: 'neutral' });
  });

  it('leaves out what the map says, and tells two corpora of one convention apart by folder', () => {
    const m = mergeCorpora([tess, manifest('/d/tess', 'tess', [clip('/d/tess', 'OAF', 'sad', 1)]), ravdess], { boredom: null, calm: 'neutral' });
    expect(m.speakers).toEqual(['ravdess/01', 'tess#1/OAF', 'tess#2/OAF']);
    expect(m.dropped).toEqual({ boredom: 1 });
    expect(describeRelabelling(m)).toBe('calm → neutral 1; left out: boredom 1');
  });

  it('keeps one corpus as scanned', () => {
    const m = mergeCorpora([ravdess], {});
    expect(m.speakers).toEqual(['01', '02']);
    expect(describeRelabelling(m)).toBe('');
  });
});
