/** scanCorpus: a folder → Manifest, from file names, folder names and audio headers only. */
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { CONVENTIONS, detectConvention, hasAudioExtension, type NamedFile } from './conventions';
import { compareStrings, findDuplicates } from './duplicates';
import { countLabels } from './labels';
import { HEAD_BYTES, mapLimited, probeAudio } from './probe';
import type { Clip, CorpusConvention, Manifest, Problem, ScanOptions } from './types';
import { walkFiles, type WalkedFile } from './walk';

/** The folder itself cannot be scanned (missing, not a folder, unreadable). */
export class CorpusScanError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'CorpusScanError';
    this.path = path;
  }
}

// Enough parallel opens to hide file-system latency, few enough to stay far from the fd limit.
const OPEN_CONCURRENCY = 64;

/**
 * Scans `dir` recursively. Files with an audio extension (.wav .wave .aif .aiff .aifc .flac .mp3 .ogg
 * .oga .opus .webm .weba) or none are
 * probed by content; a file with an audio extension that is not readable audio becomes a problem,
 * one without an extension is just not audio. Identical files are counted once.
 */
export async function scanCorpus(dir: string, opts: ScanOptions & { convention?: CorpusConvention } = {}): Promise<Manifest> {
  const { signal, onProgress } = opts;
  const root = resolve(dir);
  const st = await stat(root).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new CorpusScanError(root, `no such folder: ${root}`);
    throw new CorpusScanError(root, `cannot open folder ${root}: ${err.code ?? err.message}`);
  });
  if (!st.isDirectory()) throw new CorpusScanError(root, `not a folder: ${root}`);

  const walked = await walkFiles(root, signal).catch((err: unknown) => {
    if (signal?.aborted) throw err;
    throw new CorpusScanError(root, `cannot read folder ${root}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const problems: Problem[] = [...walked.problems];
  const candidates = walked.files.filter((f) => hasAudioExtension(f.name) || !f.name.includes('.'));

  let done = 0;
  onProgress?.(0, candidates.length);
  const newScratch = () => new Uint8Array(HEAD_BYTES);
  const probed = await mapLimited(
    candidates,
    OPEN_CONCURRENCY,
    newScratch,
    async (file, scratch) => {
      const result = await probeAudio(file.path, scratch);
      onProgress?.(++done, candidates.length);
      return result;
    },
    signal,
  );

  const audio = [];
  for (let i = 0; i < candidates.length; i++) {
    const file = candidates[i];
    const r = probed[i];
    if (r.ok) audio.push({ ...r, file, path: file.path, relPath: relPathOf(file) });
    else if (hasAudioExtension(file.name)) problems.push({ path: file.path, reason: r.reason });
  }

  const { kept, duplicates } = await findDuplicates(audio, signal);
  const rootName = basename(root);
  const named = (f: WalkedFile): NamedFile => ({ rootName, folders: f.folders, name: f.name });
  const convention = opts.convention ? CONVENTIONS.find((c) => c.name === opts.convention)! : detectConvention(kept.map((a) => named(a.file))).convention;

  const clips: Clip[] = [];
  for (const a of kept) {
    const r = convention.parse(named(a.file));
    if (!r.ok) {
      problems.push({ path: a.path, reason: r.reason });
      continue;
    }
    clips.push({
      path: a.path,
      relPath: a.relPath,
      corpus: convention.name,
      ...r.parsed,
      sampleRate: a.info.sampleRate,
      channels: a.info.channels,
      durationSeconds: a.info.durationSeconds,
      format: a.info.format,
      size: a.size,
      mtimeMs: a.mtimeMs,
    });
  }
  clips.sort((a, b) => compareStrings(a.relPath, b.relPath));
  problems.sort((a, b) => compareStrings(a.path, b.path));
  return {
    root,
    corpus: convention.name,
    clips,
    problems,
    duplicates,
    speakers: [...new Set(clips.map((c) => c.speaker))].sort(compareStrings),
    labelCounts: countLabels(clips),
    scannedAt: new Date().toISOString(),
  };
}

function relPathOf(f: WalkedFile): string {
  return [...f.folders, f.name].join('/');
}
