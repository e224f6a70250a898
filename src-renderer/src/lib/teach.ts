// Teach it your voice, what the Live view shows of it: whether the saved takes can teach the active model, the
// job's progress in words, and before → after on the held-out recordings.
import type { JobRecord } from './job-book';
import type { RecordingsSummary, TeachJobResult } from '../../../src-main/api/contract';
import { formatScore, progressLine } from './train-progress';

export interface TeachReadiness {
  /** Takes of labels the model knows, and those labels. */
  usable: number;
  labels: string[];
  /** Takes whose label the model does not know (left out). */
  unknown: number;
  ready: boolean;
  /** Why not, in words ('' when ready). */
  reason: string;
}

export function teachReadiness(summary: RecordingsSummary, modelLabels: readonly string[]): TeachReadiness {
  const known = Object.entries(summary.labelCounts).filter(([l, n]) => n > 0 && modelLabels.includes(l));
  const usable = known.reduce((a, [, n]) => a + n, 0);
  const labels = known.map(([l]) => l);
  const { recordings, labels: minLabels } = summary.needs;
  let reason = '';
  if (usable < recordings) reason = `Save at least ${recordings} takes the model can learn from (${usable} so far).`;
  else if (labels.length < minLabels) reason = `Save takes in at least ${minLabels} emotions the model knows (${labels.join(', ') || 'none'} so far).`;
  return { usable, labels, unknown: summary.clips - usable, ready: reason === '', reason };
}

/** "12 takes by Ada and me: angry 4, neutral 4, sad 4". */
export function describeRecordings(summary: RecordingsSummary): string {
  const counts = Object.entries(summary.labelCounts)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  const by = summary.speakers.length ? ` by ${summary.speakers.join(' and ')}` : '';
  return `${summary.clips} take${summary.clips === 1 ? '' : 's'}${by}: ${counts}`;
}

const STAGE_WORDS: Record<string, string> = {
  scan: 'Reading your recordings…',
  before: 'Scoring the held-out recordings with the model as it is…',
  after: 'Scoring them with the taught model…',
  saving: 'Saving the new model…',
};

/** The running job's progress in words: extraction and epochs as the Train view says them, the other stages named. */
export function teachProgressLine(job: JobRecord): string {
  if (job.info.state === 'queued') return 'Waiting for the training that is running to finish…';
  const stage = job.info.stage ?? '';
  return STAGE_WORDS[stage] ?? progressLine(job);
}

/** Accuracy and UAR on the held-out recordings, before and after, formatted, with the change. */
export function beforeAfterRows(r: TeachJobResult): { name: string; before: string; after: string; change: string }[] {
  const row = (name: string, b: number, a: number) => {
    const d = Math.round((a - b) * 1000) / 10;
    return { name, before: formatScore(b), after: formatScore(a), change: `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(1)} points` };
  };
  return [row('Accuracy', r.before.accuracy, r.after.accuracy), row('UAR (mean recall per emotion)', r.before.uar, r.after.uar)];
}
