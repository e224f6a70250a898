// What the Train view shows of a running or finished training job: its progress line, rate, ETA and the
// rest of its status. Plain TypeScript so it is tested without a DOM or chart.js.
import type { JobRecord } from './job-book';

/** "ETA 8 s", "ETA 2 min 05 s", "ETA 1 h 03 min"; "ETA —" when unknown. */
export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'ETA —';
  const total = Math.round(seconds);
  if (total < 60) return `ETA ${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `ETA ${h} h ${String(m).padStart(2, '0')} min`;
  return `ETA ${m} min ${String(s).padStart(2, '0')} s`;
}

/** "1,234 clips/s", "45 clips/s", "3.2 clips/s"; "— clips/s" when unknown. */
export function formatClipsPerSecond(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate) || rate < 0) return '— clips/s';
  const shown = rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
  return `${shown} clips/s`;
}

/** A 0..1 score as "87.5 %". */
export function formatScore(fraction: number | undefined): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(1)} %`;
}

/** The newest training job of the session (running or finished), if any. */
export function latestTrainJob(jobs: readonly JobRecord[]): JobRecord | undefined {
  for (let i = jobs.length - 1; i >= 0; i--) if (jobs[i]!.info.kind === 'train') return jobs[i];
  return undefined;
}

/** The job's backend, from its "backend: …" log line (the training worker names it when it starts). */
export function backendLogLine(job: JobRecord): string | undefined {
  return job.log.find((l) => l.message.startsWith('backend:'))?.message;
}

/** The last `n` log lines. */
export function logTail<T>(log: readonly T[], n: number): T[] {
  return n <= 0 ? [] : log.slice(-n);
}

/** "Epoch 3/30 · batch 12/40", or the stage before batches start. */
export function progressLine(job: JobRecord): string {
  const b = job.batch;
  if (b && (job.info.stage === 'training' || job.info.stage === 'fine-tune')) return `Epoch ${b.epoch}/${b.epochs} · batch ${b.batch}/${b.batches}`;
  const stage = job.info.stage ?? 'starting';
  if (job.count && job.count.total > 0 && (stage === 'features' || stage === 'scan'))
    return `${stage === 'features' ? 'Extracting features' : 'Scanning'}: ${job.count.done}/${job.count.total} clips`;
  if (b) return `Epoch ${b.epoch}/${b.epochs} · ${stage}`;
  return stage.charAt(0).toUpperCase() + stage.slice(1) + '…';
}
