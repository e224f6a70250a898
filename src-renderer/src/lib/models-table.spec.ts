import { describe, expect, it } from 'vitest';
import { modelSummary } from './models-fixture';
import { corpusName, describeSplit, filterModels, folderName, formatCreated, formatScore, sortModels, toggleModelSort, toModelRow } from './models-table';

const rows = [
  modelSummary({ id: 'seed-a', name: 'Seed run A', accuracy: 0.6, uar: 0.55, createdAt: '2025-01-01T10:00:00.000Z' }),
  modelSummary({
    id: 'seq-b',
    name: 'Sequence B',
    preset: 'sequence',
    featureSpec: { kind: 'frames' },
    accuracy: 0.9,
    uar: 0.5,
    createdAt: '2025-01-03T10:00:00.000Z',
  }),
  modelSummary({ id: 'imported-c', name: 'Imported C', createdAt: '2025-01-02T10:00:00.000Z' }), // no report
  modelSummary({
    id: 'speaker-d',
    name: 'Held out YAF',
    accuracy: 0.7,
    uar: 0.7,
    corpus: { root: 'C:\\corpora\\ravdess\\', clips: 12 },
    split: { spec: { kind: 'speaker', testSpeakers: ['YAF'] }, trainCount: 20, validationCount: 20, trainSpeakers: ['OAF'], validationSpeakers: ['YAF'] },
    createdAt: '2025-01-04T10:00:00.000Z',
  }),
].map(toModelRow);

const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

describe('toModelRow', () => {
  it('flattens what the table shows, with epochs from the history and scores from the report', () => {
    const r = rows[1]!;
    expect(r).toMatchObject({ preset: 'sequence', features: 'frames', epochs: 2, accuracy: 0.9, uar: 0.5, macroF1: 0.9, corpus: 'tess', clips: 40 });
    expect(r.trainCount).toBe(30);
    expect(r.validationCount).toBe(10);
    expect(rows[2]!.accuracy).toBeUndefined();
    expect(rows[3]!.corpus).toBe('ravdess');
    expect(rows[3]!.split).toBe('by speaker, held out YAF');
  });
});

describe('sortModels', () => {
  it('sorts by accuracy both ways, models without a report last either way', () => {
    expect(ids(sortModels(rows, { key: 'accuracy', direction: 'descending' }))).toEqual(['seq-b', 'speaker-d', 'seed-a', 'imported-c']);
    expect(ids(sortModels(rows, { key: 'accuracy', direction: 'ascending' }))).toEqual(['seed-a', 'speaker-d', 'seq-b', 'imported-c']);
  });
  it('sorts text naturally and dates by time, not by string', () => {
    expect(ids(sortModels(rows, { key: 'name', direction: 'ascending' }))).toEqual(['speaker-d', 'imported-c', 'seed-a', 'seq-b']);
    expect(ids(sortModels(rows, { key: 'createdAt', direction: 'descending' }))).toEqual(['speaker-d', 'seq-b', 'imported-c', 'seed-a']);
  });
  it('compares creation times as times, whatever their time zone', () => {
    const early = toModelRow(modelSummary({ id: 'early', createdAt: '2025-01-02T01:00:00+05:00' })); // 2025-01-01 20:00 UTC
    const late = toModelRow(modelSummary({ id: 'late', createdAt: '2025-01-01T22:00:00.000Z' }));
    expect(ids(sortModels([early, late], { key: 'createdAt', direction: 'descending' }))).toEqual(['late', 'early']);
  });
  it('breaks ties newest first', () => {
    expect(ids(sortModels(rows, { key: 'preset', direction: 'ascending' }))).toEqual(['speaker-d', 'imported-c', 'seed-a', 'seq-b']);
  });
});

describe('toggleModelSort', () => {
  it('flips the sorted column; scores start best first, text A to Z', () => {
    expect(toggleModelSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' });
    expect(toggleModelSort({ key: 'name', direction: 'ascending' }, 'accuracy')).toEqual({ key: 'accuracy', direction: 'descending' });
    expect(toggleModelSort({ key: 'accuracy', direction: 'descending' }, 'preset')).toEqual({ key: 'preset', direction: 'ascending' });
  });
});

describe('filterModels', () => {
  it('keeps the models that contain every term, case-insensitively', () => {
    expect(ids(filterModels(rows, 'SEQUENCE'))).toEqual(['seq-b']);
    expect(ids(filterModels(rows, 'frames seq'))).toEqual(['seq-b']);
    expect(ids(filterModels(rows, 'ravdess'))).toEqual(['speaker-d']);
    expect(ids(filterModels(rows, 'speaker yaf'))).toEqual(['speaker-d']);
    expect(ids(filterModels(rows, '  '))).toEqual(ids(rows));
    expect(filterModels(rows, 'nothing-like-this')).toEqual([]);
    expect(filterModels(rows, 'sequence ravdess')).toEqual([]); // each term alone matches, together none
  });
});

describe('describeSplit and formatting', () => {
  it('says what each split held out', () => {
    expect(describeSplit({ kind: 'random', valFraction: 0.25, seed: 3 })).toBe('random, 25 % held out (seed 3)');
    expect(describeSplit({ kind: 'utterance', valFraction: 0.2, seed: 1 })).toBe('by word, 20 % held out (seed 1)');
    expect(describeSplit({ kind: 'speaker', testSpeakers: [] }, ['OAF'])).toBe('by speaker, held out OAF');
    expect(describeSplit({ kind: 'kfold', k: 5, fold: 0, seed: 1 })).toBe('k-fold, fold 1 of 5 (seed 1)');
  });
  it('writes scores as percentages and folders by their last segment', () => {
    expect(formatScore(0.625)).toBe('62.5 %');
    expect(formatScore(undefined)).toBe('—');
    expect(formatCreated(new Date(2025, 0, 5, 9, 7).toISOString())).toBe('2025-01-05 09:07');
    expect(formatCreated('not a date')).toBe('not a date');
    expect(folderName('/a/b/tess/')).toBe('tess');
    expect(folderName(undefined)).toBe('');
    expect(
      corpusName({
        root: '/d/tess',
        corpora: [
          { root: '/d/tess', convention: 'tess', clips: 2 },
          { root: '/e/rav/', convention: 'ravdess', clips: 3 },
        ],
      }),
    ).toBe('tess + rav');
    expect(corpusName({ root: '/d/tess' })).toBe('tess');
  });
});
