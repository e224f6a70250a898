/** `ser scan`: a corpus folder → its manifest (JSON with --json, a short summary otherwise). */
import { scanCorpus, CorpusScanError, type Manifest } from '../core/dataset';
import { parseCommandArgs, printJsonLine, UsageError, type Command } from './command';

const help = `Usage: ser scan <dir> [--json]

Scans a corpus folder recursively, reading file names, folder names and audio headers only.
The naming convention (TESS, RAVDESS, CREMA-D, SAVEE, EmoDB, or one folder per label) is detected.

  --json   print one JSON object: root, corpus, clipCount, speakers, labelCounts, speakerCounts,
           formatCounts, problems [{path, reason}], duplicates [{path, sameAs}], totalDurationSeconds,
           scanSeconds, clips (each with its format: wav, aiff, flac, mp3, ogg-vorbis, ogg-opus, webm-opus)

Exit code 1 when the folder is missing, not a folder, or holds no usable audio clip.`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError(`scan takes one folder\n\n${help}`);
  const started = performance.now();
  let manifest: Manifest;
  try {
    manifest = await scanCorpus(positionals[0]);
  } catch (err) {
    if (!(err instanceof CorpusScanError)) throw err;
    console.error(`ser: ${err.message}`);
    return 1;
  }
  const scanSeconds = (performance.now() - started) / 1000;
  const summary = summarize(manifest, scanSeconds);
  if (values.json) printJsonLine(summary);
  if (manifest.clips.length === 0) {
    // A machine reader still gets the problems through --json; a person gets them on stderr.
    if (!values.json) for (const p of manifest.problems.slice(0, 20)) console.error(`  ${p.path}: ${p.reason}`);
    const why = manifest.problems.length > 0 ? ` (${manifest.problems.length} file(s) could not be used)` : '';
    console.error(`ser: no audio clips found in ${manifest.root}${why}`);
    return 1;
  }
  if (!values.json) printHuman(summary);
  return 0;
}

function summarize(m: Manifest, scanSeconds: number) {
  const speakerCounts: Record<string, number> = Object.fromEntries(m.speakers.map((s) => [s, 0]));
  for (const c of m.clips) speakerCounts[c.speaker]++;
  const totalDurationSeconds = m.clips.reduce((sum, c) => sum + c.durationSeconds, 0);
  const formatCounts: Record<string, number> = {};
  for (const c of m.clips) formatCounts[c.format] = (formatCounts[c.format] ?? 0) + 1;
  return {
    root: m.root,
    corpus: m.corpus,
    clipCount: m.clips.length,
    speakers: m.speakers,
    labelCounts: m.labelCounts,
    speakerCounts,
    formatCounts,
    problems: m.problems,
    duplicates: m.duplicates,
    totalDurationSeconds: Math.round(totalDurationSeconds * 1000) / 1000,
    scanSeconds: Math.round(scanSeconds * 1000) / 1000,
    scannedAt: m.scannedAt,
    clips: m.clips,
  };
}

function printHuman(s: ReturnType<typeof summarize>): void {
  const counts = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  console.log(`${s.root}`);
  console.log(`  corpus     ${s.corpus}`);
  console.log(`  clips      ${s.clipCount} (${formatDuration(s.totalDurationSeconds)} of audio), scanned in ${s.scanSeconds.toFixed(2)} s`);
  console.log(`  labels     ${counts(s.labelCounts)}`);
  console.log(`  speakers   ${counts(s.speakerCounts)}`);
  console.log(`  formats    ${counts(s.formatCounts)}`);
  if (s.duplicates.length > 0) console.log(`  duplicates ${s.duplicates.length} identical file(s) counted once`);
  console.log(`  problems   ${s.problems.length}`);
  const shown = s.problems.slice(0, 20);
  for (const p of shown) console.log(`    ${p.path}: ${p.reason}`);
  if (s.problems.length > shown.length) console.log(`    … ${s.problems.length - shown.length} more (see --json)`);
}

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${seconds.toFixed(1)} s`;
}

export const command: Command = { help, run };
