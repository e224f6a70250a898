import { describe, expect, it } from 'vitest';
import type { RecordingsSummary, TeachJobResult } from '../../../src-main/api/contract';
import type { JobRecord } from './job-book';
import { beforeAfterRows, describeRecordings, teachProgressLine, teachReadiness } from './teach';

const summary = (labelCounts: Record<string, number>, speakers = ['me']): RecordingsSummary => ({
  folder: '/rec',
  clips: Object.values(labelCounts).reduce((a, b) => a + b, 0),
  speakers,
  labelCounts,
  problems: 0,
  needs: { recordings: 6, labels: 2 },
});
const labels = ['angry', 'neutral', 'sad'];

describe('teach readiness', () => {
  it('counts only the takes of emotions the model knows, and says what is missing', () => {
    expect(teachReadiness(summary({}), labels)).toMatchObject({
      ready: false,
      usable: 0,
      reason: 'Save at least 6 takes the model can learn from (0 so far).',
    });
    expect(teachReadiness(summary({ angry: 3, calm: 9 }), labels)).toMatchObject({ ready: false, usable: 3, unknown: 9 });
    expect(teachReadiness(summary({ angry: 7 }), labels).reason).toBe('Save takes in at least 2 emotions the model knows (angry so far).');
    expect(teachReadiness(summary({ angry: 3, sad: 3, calm: 1 }), labels)).toEqual({
      usable: 6,
      labels: ['angry', 'sad'],
      unknown: 1,
      ready: true,
      reason: '',
    });
  });

  it('describes the folder', () => {
    expect(describeRecordings(summary({ angry: 4, sad: 1 }, ['Ada', 'me']))).toBe('5 takes by Ada and me: angry 4, sad 1');
    expect(describeRecordings(summary({ sad: 1 }, []))).toBe('1 take: sad 1');
  });
});

describe('teach progress and outcome', () => {
  const job = (stage: string, extra: Partial<JobRecord> = {}) =>
    ({
      info: { jobId: 'j', kind: 'teach', title: 't', state: 'running', startedAt: '', stage },
      epochs: [],
      historyComplete: true,
      log: [],
      ...extra,
    }) as JobRecord;

  it('names each stage, and counts epochs and batches while fine-tuning', () => {
    expect(teachProgressLine(job('before'))).toMatch(/^Scoring the held-out recordings/);
    expect(teachProgressLine(job('', { info: { jobId: 'j', kind: 'teach', title: 't', state: 'queued', startedAt: '' } }))).toMatch(
      /^Waiting for the training/,
    );
    const batch = { epoch: 2, epochs: 5, batch: 3, batches: 4, loss: 1, accuracy: 0.5, etaSeconds: 3 };
    expect(teachProgressLine(job('fine-tune', { batch }))).toBe('Epoch 2/5 · batch 3/4');
    expect(teachProgressLine(job('features', { count: { what: 'features', done: 3, total: 9 } }))).toBe('Extracting features: 3/9 clips');
  });

  it('gives before → after with the change in points', () => {
    const r = { before: { accuracy: 0.5, uar: 1 / 3 }, after: { accuracy: 0.875, uar: 1 / 3 } } as TeachJobResult;
    expect(beforeAfterRows(r)).toEqual([
      { name: 'Accuracy', before: '50.0 %', after: '87.5 %', change: '+37.5 points' },
      { name: 'UAR (mean recall per emotion)', before: '33.3 %', after: '33.3 %', change: '±0.0 points' },
    ]);
  });
});
