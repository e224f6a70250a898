import { describe, expect, it } from 'vitest';
import type { JobRecord } from './job-book';
import { backendLogLine, formatClipsPerSecond, formatEta, formatScore, latestTrainJob, logTail, progressLine } from './train-progress';

const record = (patch: Partial<JobRecord> = {}): JobRecord => ({
  info: { jobId: 'j', kind: 'train', title: 'Train seed on c', state: 'running', startedAt: '2025-01-01T00:00:00Z' },
  epochs: [],
  historyComplete: true,
  log: [],
  ...patch,
});

describe('formatEta', () => {
  it('shows seconds, minutes and hours, and a dash when unknown', () => {
    expect(formatEta(8.4)).toBe('ETA 8 s');
    expect(formatEta(59.4)).toBe('ETA 59 s');
    expect(formatEta(90)).toBe('ETA 1 min 30 s');
    expect(formatEta(125)).toBe('ETA 2 min 05 s');
    expect(formatEta(3780)).toBe('ETA 1 h 03 min');
    expect(formatEta(undefined)).toBe('ETA —');
    expect(formatEta(Number.NaN)).toBe('ETA —');
    expect(formatEta(-1)).toBe('ETA —');
  });
});

describe('formatClipsPerSecond', () => {
  it('keeps a decimal only for slow rates', () => {
    expect(formatClipsPerSecond(3.21)).toBe('3.2 clips/s');
    expect(formatClipsPerSecond(45.6)).toBe('46 clips/s');
    expect(formatClipsPerSecond(1234.4)).toBe('1,234 clips/s');
    expect(formatClipsPerSecond(undefined)).toBe('— clips/s');
  });
});

describe('formatScore', () => {
  it('is a percentage with one decimal', () => {
    expect(formatScore(0.875)).toBe('87.5 %');
    expect(formatScore(undefined)).toBe('—');
  });
});

describe('latestTrainJob, backendLogLine, logTail', () => {
  it('picks the newest training job', () => {
    const a = record({ info: { ...record().info, jobId: 'a' } });
    const e = record({ info: { ...record().info, jobId: 'e', kind: 'evaluate' } });
    const b = record({ info: { ...record().info, jobId: 'b' } });
    expect(latestTrainJob([a, b, e])?.info.jobId).toBe('b');
    expect(latestTrainJob([e])).toBeUndefined();
  });
  it('finds the worker’s backend line', () => {
    const job = record({
      log: [
        { message: 'no backend chosen yet', at: '' },
        { message: 'backend: wasm (SIMD)', at: '' },
      ],
    });
    expect(backendLogLine(job)).toBe('backend: wasm (SIMD)');
    expect(backendLogLine(record())).toBeUndefined();
  });
  it('keeps the last lines', () => {
    expect(logTail([1, 2, 3], 2)).toEqual([2, 3]);
    expect(logTail([1, 2, 3], 0)).toEqual([]);
  });
});

describe('progressLine', () => {
  it('names epoch and batch while training, the stage before', () => {
    const batch = { epoch: 2, epochs: 3, batch: 4, batches: 5, loss: 1, accuracy: 0.5, etaSeconds: 3 };
    expect(progressLine(record({ info: { ...record().info, stage: 'training' }, batch }))).toBe('Epoch 2/3 · batch 4/5');
    expect(progressLine(record({ info: { ...record().info, stage: 'features' }, count: { what: 'features', done: 3, total: 24 } }))).toBe(
      'Extracting features: 3/24 clips',
    );
    expect(progressLine(record({ info: { ...record().info, stage: 'evaluating' }, batch }))).toBe('Epoch 2/3 · evaluating');
    expect(progressLine(record())).toBe('Starting…');
  });
});
