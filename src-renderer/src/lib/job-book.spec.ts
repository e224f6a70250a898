import { describe, expect, it } from 'vitest';
import type { JobInfo, JobProgress, TrainArgs } from '../../../src-main/api/contract';
import { clipsPerSecond, JobBook } from './job-book';
import type { JobEvent, JobRecord } from './job-book';

const running = (jobId = 'j1', extra: Partial<JobInfo> = {}): JobInfo => ({
  jobId,
  kind: 'train',
  title: 'Train seed on tess',
  state: 'running',
  startedAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});
const state = (info: JobInfo): JobEvent => ({ name: 'job.state', payload: info });
const progress = (p: Omit<Extract<JobProgress, { type: 'batch' }>, 'jobId' | 'kind' | 'type'>, jobId = 'j1'): JobEvent => ({
  name: 'job.progress',
  payload: { jobId, kind: 'train', type: 'batch', ...p },
});
const epoch = (n: number, jobId = 'j1'): JobEvent => ({
  name: 'job.progress',
  payload: { jobId, kind: 'train', type: 'epoch', epochs: 4, epoch: n, seconds: 2, loss: 1 / n, accuracy: n / 5, valLoss: 1.5 / n, valAccuracy: n / 6 },
});
const batch = (epochNo: number, b: number) => ({ epoch: epochNo, epochs: 4, batch: b, batches: 10, loss: 0.5, accuracy: 0.7, etaSeconds: 30 });
const trainArgs: TrainArgs = { corpusDir: '/c', preset: 'seed', split: { kind: 'random', valFraction: 0.2, seed: 1 }, epochs: 4, batchSize: 32, seed: 1 };

describe('JobBook', () => {
  it('adds a job on its start event and replaces its info on later state events', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    expect(book.records).toHaveLength(1);
    expect(book.get('j1')).toMatchObject({ info: { state: 'running' }, historyComplete: true, epochs: [], log: [] });
    book.apply(state(running('j1', { state: 'done', endedAt: '2025-01-01T00:01:00.000Z', fraction: 1 })), 1);
    expect(book.records).toHaveLength(1);
    expect(book.get('j1')!.info).toMatchObject({ state: 'done', fraction: 1 });
  });

  it('keeps the latest batch, its fraction, and changes the record in place', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    const record = book.get('j1')!;
    book.apply(progress(batch(1, 2)), 100);
    const first = record.batch;
    book.apply(progress({ ...batch(2, 5), loss: 0.25 }), 200);
    expect(book.get('j1')).toBe(record);
    expect(record.batch).toBe(first); // the same object, updated: no new records or arrays per event
    expect(record.batch).toMatchObject({ epoch: 2, batch: 5, batches: 10, loss: 0.25, accuracy: 0.7, etaSeconds: 30 });
    expect(record.info.fraction).toBeCloseTo((1 + 5 / 10) / 4);
  });

  it('measures batches a second within an epoch, not across the validation pause, and derives clips a second', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    book.started('j1', { kind: 'train', args: trainArgs });
    const record = book.get('j1')!;
    book.apply(progress(batch(1, 1)), 1000);
    expect(record.batch!.batchesPerSecond).toBeUndefined();
    book.apply(progress(batch(1, 5)), 3000); // 4 batches in 2 s
    expect(record.batch!.batchesPerSecond).toBeCloseTo(2);
    expect(clipsPerSecond(record)).toBeCloseTo(64);
    // Epoch 2 starts after a long validation pass, and throttling means its first batch seen may be a later one:
    // the rate keeps its last figure until epoch 2 has its own.
    book.apply(progress(batch(2, 3)), 60_000);
    expect(record.batch!.batchesPerSecond).toBeCloseTo(2);
    book.apply(progress(batch(2, 9)), 61_000);
    expect(record.batch!.batchesPerSecond).toBeCloseTo(6);
  });

  it('has no clips-a-second figure without the batch size (a job this page did not start)', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    book.apply(progress(batch(1, 1)), 0);
    book.apply(progress(batch(1, 3)), 1000);
    expect(book.get('j1')!.batch!.batchesPerSecond).toBeCloseTo(2);
    expect(clipsPerSecond(book.get('j1')!)).toBeUndefined();
  });

  it('applies the args of a job whose start reply arrived before its first event', () => {
    const book = new JobBook();
    book.started('j1', { kind: 'train', args: trainArgs });
    book.apply(state(running()), 0);
    expect(book.get('j1')!.startedWith).toEqual({ kind: 'train', args: trainArgs });
  });

  it('appends one epoch entry per epoch event, with the metrics only', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    for (let n = 1; n <= 3; n++) book.apply(epoch(n), n);
    const record = book.get('j1')!;
    expect(record.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(record.epochs[1]).toEqual({ epoch: 2, seconds: 2, loss: 0.5, accuracy: 0.4, valLoss: 0.75, valAccuracy: 2 / 6 });
    expect(record.info.fraction).toBeCloseTo(3 / 4);
  });

  it('tracks stages and counts', () => {
    const book = new JobBook();
    book.apply(state(running()), 0);
    book.apply({ name: 'job.progress', payload: { jobId: 'j1', kind: 'train', type: 'stage', stage: 'features', detail: '24 clips' } }, 0);
    book.apply({ name: 'job.progress', payload: { jobId: 'j1', kind: 'train', type: 'count', what: 'features', done: 6, total: 24 } }, 0);
    const record = book.get('j1')!;
    expect(record.info.stage).toBe('features');
    expect(record.stageDetail).toBe('24 clips');
    expect(record.count).toEqual({ what: 'features', done: 6, total: 24 });
    expect(record.info.fraction).toBeCloseTo(0.25);
  });

  it('keeps the last log lines only', () => {
    const book = new JobBook([], 3);
    book.apply(state(running()), 0);
    for (let i = 1; i <= 5; i++) book.apply({ name: 'job.log', payload: { jobId: 'j1', kind: 'train', message: `line ${i}`, at: `t${i}` } }, i);
    expect(book.get('j1')!.log).toEqual([
      { message: 'line 3', at: 't3' },
      { message: 'line 4', at: 't4' },
      { message: 'line 5', at: 't5' },
    ]);
  });

  it('keeps the result of a finished job and the error of a failed or cancelled one', () => {
    const book = new JobBook();
    book.apply(state(running('ok')), 0);
    book.apply(state(running('bad', { kind: 'evaluate' })), 0);
    const result = { jobId: 'ok', kind: 'evaluate', result: { modelId: 'm', corpusDir: '/c', report: {} } } as unknown as Extract<
      JobEvent,
      { name: 'job.result' }
    >['payload'];
    book.apply({ name: 'job.result', payload: result }, 1);
    book.apply({ name: 'job.error', payload: { jobId: 'bad', kind: 'evaluate', message: 'cancelled', cancelled: true } }, 1);
    expect(book.get('ok')!.result).toEqual(result);
    expect(book.get('ok')!.error).toBeUndefined();
    expect(book.get('bad')!.error).toEqual({ message: 'cancelled', cancelled: true });
    expect(book.get('bad')!.result).toBeUndefined();
  });

  it('drops events of jobs it does not know (until a listing brings them)', () => {
    const book = new JobBook();
    book.apply(progress(batch(1, 1), 'ghost'), 0);
    book.apply({ name: 'job.log', payload: { jobId: 'ghost', kind: 'train', message: 'x', at: 't' } }, 0);
    expect(book.records).toEqual([]);
    expect(book.get('ghost')).toBeUndefined();
  });

  it('takes in jobs.list after a reload: new jobs are marked as missing their history, ended jobs stay ended', () => {
    const book = new JobBook();
    book.apply(state(running('seen')), 0);
    book.apply(state(running('seen', { state: 'done' })), 1);
    book.apply(state(running('live')), 1);
    book.reload([running('seen'), running('live', { stage: 'training', fraction: 0.5 }), running('before-reload', { fraction: 0.3 })]);
    expect(book.records.map((r) => r.info.jobId)).toEqual(['seen', 'live', 'before-reload']);
    expect(book.get('seen')!.info.state).toBe('done');
    expect(book.get('live')!.info).toMatchObject({ stage: 'training', fraction: 0.5 });
    expect(book.get('live')!.historyComplete).toBe(true);
    expect(book.get('before-reload')!.historyComplete).toBe(false);
    // Events from now on are folded into the listed job.
    book.apply(epoch(1, 'before-reload'), 2);
    expect(book.get('before-reload')!.epochs).toHaveLength(1);
  });

  it('keeps a queued job (first seen queued) as one whose history is complete, and lets a listing move it on to running', () => {
    const book = new JobBook();
    book.apply(state(running('waiting', { state: 'queued' })), 0);
    expect(book.get('waiting')).toMatchObject({ info: { state: 'queued' }, historyComplete: true });
    book.reload([running('waiting', { stage: 'scan' })]);
    expect(book.get('waiting')!.info).toMatchObject({ state: 'running', stage: 'scan' });
  });

  it('indexes the records the array holds, not the objects it was handed (a Svelte state array wraps them)', () => {
    // Stands in for $state's proxy: the array stores its own wrapper of each pushed record.
    class WrappingArray<T extends object> extends Array<T> {
      override push(...items: T[]): number {
        return super.push(...items.map((i) => ({ ...i })));
      }
    }
    const records = new WrappingArray<JobRecord>();
    const book = new JobBook(records);
    book.apply(state(running()), 0);
    expect(book.get('j1')).toBe(records[0]);
    book.apply(progress(batch(1, 3)), 0);
    expect(records[0]!.batch).toMatchObject({ batch: 3 });
  });
});
