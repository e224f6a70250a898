import { describe, expect, it } from 'vitest';
import {
  commonDirPrefix,
  distinctValues,
  filterClips,
  moveSelection,
  scrollToReveal,
  selectionAfterFilter,
  sortClips,
  splitForMiddleEllipsis,
  toggleSort,
  visibleWindow,
} from './clip-table';
import type { ClipRow } from './clip-table';

const clip = (relPath: string, speaker: string, label: string, utterance: string, durationSeconds: number): ClipRow => ({
  path: `/c/${relPath}`,
  relPath,
  speaker,
  label,
  utterance,
  durationSeconds,
  sampleRate: 24414,
});

const clips = [
  clip('OAF_back_angry.wav', 'OAF', 'angry', 'back', 2.1),
  clip('OAF_bar_happy.wav', 'OAF', 'happy', 'bar', 1.9),
  clip('YAF_back_happy.wav', 'YAF', 'happy', 'back', 2.4),
  clip('YAF_dog10_sad.wav', 'YAF', 'sad', 'dog10', 2.4),
  clip('YAF_dog2_sad.wav', 'YAF', 'sad', 'dog2', 1.5),
];

describe('filterClips', () => {
  it('combines label, speaker, word and search terms', () => {
    expect(filterClips(clips, { label: 'happy', speaker: '', utterance: '', search: '' }).map((c) => c.relPath)).toEqual([
      'OAF_bar_happy.wav',
      'YAF_back_happy.wav',
    ]);
    expect(filterClips(clips, { label: 'happy', speaker: 'YAF', utterance: '', search: '' })).toHaveLength(1);
    expect(filterClips(clips, { label: '', speaker: '', utterance: 'back', search: '' })).toHaveLength(2);
    expect(filterClips(clips, { label: '', speaker: '', utterance: '', search: 'yaf  SAD' })).toHaveLength(2);
    expect(filterClips(clips, { label: '', speaker: '', utterance: '', search: 'nothing-like-this' })).toHaveLength(0);
  });
});

describe('sortClips', () => {
  it('sorts text naturally and numbers numerically, in both directions, ties by path', () => {
    const byPath = sortClips(clips, { key: 'relPath', direction: 'ascending' }).map((c) => c.relPath);
    expect(byPath.indexOf('YAF_dog2_sad.wav')).toBeLessThan(byPath.indexOf('YAF_dog10_sad.wav'));
    const byDur = sortClips(clips, { key: 'durationSeconds', direction: 'descending' }).map((c) => c.durationSeconds);
    expect(byDur).toEqual([2.4, 2.4, 2.1, 1.9, 1.5]);
    const ties = sortClips(clips, { key: 'durationSeconds', direction: 'descending' })
      .slice(0, 2)
      .map((c) => c.relPath);
    expect(ties).toEqual(['YAF_dog10_sad.wav', 'YAF_back_happy.wav'].sort().reverse());
    expect(clips[0]!.relPath).toBe('OAF_back_angry.wav'); // input untouched
  });
  it('toggles direction on the same column and resets on another', () => {
    expect(toggleSort({ key: 'label', direction: 'ascending' }, 'label').direction).toBe('descending');
    expect(toggleSort({ key: 'label', direction: 'descending' }, 'speaker')).toEqual({ key: 'speaker', direction: 'ascending' });
  });
});

describe('visibleWindow', () => {
  it('renders only the rows in view plus overscan, for 3000 rows', () => {
    const w = visibleWindow(28 * 1000, 560, 28, 3000, 5);
    expect(w.start).toBe(995);
    expect(w.end).toBe(1000 + 21 + 5);
    expect(w.offsetY).toBe(995 * 28);
    expect(w.totalHeight).toBe(84_000);
    expect(w.end - w.start).toBeLessThan(40);
  });
  it('clamps at both ends and handles an empty table', () => {
    expect(visibleWindow(-50, 560, 28, 3000, 5).start).toBe(0);
    const last = visibleWindow(1e9, 560, 28, 3000, 5);
    expect(last.end).toBe(3000);
    expect(visibleWindow(0, 560, 28, 0)).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
    expect(visibleWindow(0, 560, 28, 3).end).toBe(3);
  });
});

describe('selection helpers', () => {
  it('moves within bounds and enters from either end', () => {
    expect(moveSelection(-1, 1, 10)).toBe(0);
    expect(moveSelection(-1, -1, 10)).toBe(9);
    expect(moveSelection(9, 1, 10)).toBe(9);
    expect(moveSelection(0, -1, 10)).toBe(0);
    expect(moveSelection(3, 10, 10)).toBe(9);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(10, 0, 280, 28)).toBe(28 * 11 - 280);
    expect(scrollToReveal(2, 280, 280, 28)).toBe(56);
    expect(scrollToReveal(12, 280, 280, 28)).toBeUndefined();
  });
  it('finds the shared folder prefix, never cutting a name in half', () => {
    expect(commonDirPrefix(['TESS set/OAF_angry/a.wav', 'TESS set/OAF_sad/b.wav'])).toBe('TESS set/');
    expect(commonDirPrefix(['d/OAF_a.wav', 'd/OAF_b.wav'])).toBe('d/');
    expect(commonDirPrefix(['OAF_a.wav', 'OAF_b.wav'])).toBe('');
    expect(commonDirPrefix(['a\\x.wav', 'a\\y.wav'])).toBe('a\\');
    expect(commonDirPrefix([])).toBe('');
  });
  it('lists distinct values for the filter menus', () => {
    expect(distinctValues(clips, 'utterance')).toEqual(['back', 'bar', 'dog2', 'dog10']);
    expect(distinctValues(clips, 'speaker')).toEqual(['OAF', 'YAF']);
  });
});

describe('splitForMiddleEllipsis', () => {
  it('keeps the file name whole and lets the folders shrink', () => {
    expect(splitForMiddleEllipsis('OAF_angry/OAF_base_angry.wav')).toEqual({ head: 'OAF_angry/', tail: 'OAF_base_angry.wav' });
    expect(splitForMiddleEllipsis('clip.wav')).toEqual({ head: '', tail: 'clip.wav' });
    expect(splitForMiddleEllipsis('a/b/' + 'x'.repeat(40) + '_sad.wav', 12)).toEqual({ head: 'a/b/' + 'x'.repeat(36), tail: 'xxxx_sad.wav' });
  });
});

describe('selectionAfterFilter', () => {
  it('keeps the selection while it matches, else selects the first match, else nothing', () => {
    expect(selectionAfterFilter(clips.slice(1, 3), clips[2]!.path)).toBe(clips[2]!.path);
    expect(selectionAfterFilter(clips.slice(1, 3), clips[0]!.path)).toBe(clips[1]!.path);
    expect(selectionAfterFilter([], clips[0]!.path)).toBeUndefined();
  });
});
