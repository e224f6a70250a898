import { describe, expect, it } from 'vitest';
import type { ApiEvent, EvaluationReport } from './contract';
import { defaultTrainingSlots, JobRegistry, type JobOutcome } from './jobs';

function registry() {
  const events: ApiEvent[] = [];
  const jobs = new JobRegistry((name, payload) => events.push({ name, payload } as ApiEvent));
  return { jobs, events, names: () => events.map((e) => e.name) };
}

const report: EvaluationReport = {
  labels: ['a', 'b'],
  accuracy: 1,
  uar: 1,
  confusionMatrix: [
    [1, 0],
    [0, 1],
  ],
  normalizedConfusionMatrix: [
    [1, 0],
    [0, 1],
  ],
  perClass: {},
  macroAvg: { precision: 1, recall: 1, f1: 1, support: 2 },
  weightedAvg: { precision: 1, recall: 1, f1: 1, support: 2 },
  total: 2,
};

describe('JobRegistry', () => {
  it('reports state, progress and the result of a job, in order', async () => {
    const { jobs, events, names } = registry();
    let finish!: (o: JobOutcome) => void;
    const id = jobs.start('evaluate', 'Evaluate m', (r) => {
      r.progress({ type: 'count', what: 'evaluation', done: 1, total: 2 });
      r.log('half way');
      return { done: new Promise<JobOutcome>((res) => (finish = res)), cancel: () => undefined };
    });
    expect(jobs.list()[0]).toMatchObject({ jobId: id, state: 'running', fraction: 0.5 });
    finish({ kind: 'evaluate', result: { modelId: 'm', corpusDir: '/c', report, trainingClips: { count: 0, included: false } } });
    await new Promise((r) => setTimeout(r, 0));
    expect(names()).toEqual(['job.state', 'job.progress', 'job.log', 'job.result', 'job.state']);
    expect(events.at(-1)?.payload).toMatchObject({ state: 'done', fraction: 1 });
  });

  it('turns a thrown body or a rejected job into job.error with the message', async () => {
    const { jobs, events } = registry();
    jobs.start('train', 't', () => {
      throw new Error('no such preset');
    });
    jobs.start('train', 't2', () => ({ done: Promise.reject(new Error('training diverged')), cancel: () => undefined }));
    await new Promise((r) => setTimeout(r, 0));
    const errors = events.filter((e) => e.name === 'job.error').map((e) => e.payload);
    expect(errors).toEqual([
      expect.objectContaining({ message: 'no such preset', cancelled: false }),
      expect.objectContaining({ message: 'training diverged', cancelled: false }),
    ]);
  });

  it('cancels: aborts the signal, calls cancel, reports cancelled once', async () => {
    const { jobs, events } = registry();
    let cancelled = 0;
    let signal!: AbortSignal;
    const id = jobs.start('train', 't', (r) => {
      signal = r.signal;
      const done = new Promise<'cancelled'>((res) => r.signal.addEventListener('abort', () => res('cancelled')));
      return { done, cancel: () => cancelled++ };
    });
    expect(jobs.cancel(id)).toBe(true);
    expect(jobs.cancel(id)).toBe(true); // still winding down: asking again is harmless
    await new Promise((r) => setTimeout(r, 0));
    expect(signal.aborted).toBe(true);
    expect(cancelled).toBe(2);
    expect(jobs.cancel(id)).toBe(false);
    expect(events.filter((e) => e.name === 'job.error')).toHaveLength(1);
    expect(jobs.list()[0].state).toBe('cancelled');
  });

  it('passes at most ~20 batch events a second, but always the last batch of an epoch', () => {
    const { jobs, events } = registry();
    jobs.start('train', 't', (r) => {
      for (let b = 1; b <= 500; b++) r.progress({ type: 'batch', epoch: 1, epochs: 1, batch: b, batches: 500, loss: 1, accuracy: 0, etaSeconds: 1 });
      return { done: new Promise(() => undefined), cancel: () => undefined };
    });
    const batches = events.filter((e) => e.name === 'job.progress').map((e) => (e.payload as { batch: number }).batch);
    expect(batches.length).toBeLessThan(5);
    expect(batches.at(-1)).toBe(500);
  });

  it('queues training jobs beyond the slots, shows them as queued, and starts them as slots free up', async () => {
    const events: ApiEvent[] = [];
    const jobs = new JobRegistry((name, payload) => events.push({ name, payload } as ApiEvent), 2);
    const started: string[] = [];
    const finishers = new Map<string, () => void>();
    const body = (title: string) => (r: { jobId: string }) => {
      started.push(title);
      return { done: new Promise<'cancelled'>((res) => finishers.set(r.jobId, () => res('cancelled'))), cancel: () => finishers.get(r.jobId)?.() };
    };
    const ids = ['a', 'b', 'c', 'd'].map((t) => jobs.start('train', t, body(t)));
    const evaluation = jobs.start('evaluate', 'e', body('e')); // evaluations share one worker: never queued
    expect(started).toEqual(['a', 'b', 'e']);
    expect(jobs.list().map((j) => j.state)).toEqual(['running', 'running', 'queued', 'queued', 'running']);
    expect(events.filter((e) => e.name === 'job.state').map((e) => (e.payload as { state: string }).state)).toContain('queued');
    // What the close prompt says counts the waiting jobs too.
    expect(jobs.unfinishedSummary).toBe('3 jobs are running and 2 more are waiting.');

    expect(jobs.cancel(ids[3])).toBe(true); // a queued job cancels without ever starting
    finishers.get(ids[0])!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['a', 'b', 'e', 'c']);
    expect(jobs.list().map((j) => j.state)).toEqual(['cancelled', 'running', 'running', 'cancelled', 'running']);
    expect(jobs.unfinishedSummary).toBe('3 jobs are still running.');
    jobs.cancelAll();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['a', 'b', 'e', 'c']);
    expect(jobs.list().every((j) => j.state === 'cancelled')).toBe(true);
    expect(jobs.unfinishedSummary).toBeUndefined();
    expect(evaluation).toBeTruthy();
  });

  it('allows cores / 2 training jobs at once, at least one', () => {
    expect(defaultTrainingSlots(1)).toBe(1);
    expect(defaultTrainingSlots(2)).toBe(1);
    expect(defaultTrainingSlots(8)).toBe(4);
  });
});
