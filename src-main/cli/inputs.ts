/** What the `features` and `evaluate` commands take as input: corpus folders and single audio files. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { notRegularFile } from '../core/audio';
import { scanCorpus, type Clip, type Problem } from '../core/dataset';
import { UsageError } from './command';

export interface ClipInputs {
  /** The clips of every folder argument, scanned as a corpus, in manifest order. */
  clips: Clip[];
  /** File arguments, as absolute paths with their size and modification time. */
  files: { path: string; size: number; mtimeMs: number }[];
  /** What the folder scans could not use. */
  problems: Problem[];
}

/** Folders become their corpus clips; regular files are taken as they are (others are problems); a missing argument is a usage error. */
export async function expandClipInputs(args: string[]): Promise<ClipInputs> {
  const inputs: ClipInputs = { clips: [], files: [], problems: [] };
  for (const arg of args) {
    const path = resolve(arg);
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new UsageError(`no such file or folder: ${arg}`);
    if (st.isDirectory()) {
      const manifest = await scanCorpus(path);
      inputs.clips.push(...manifest.clips);
      inputs.problems.push(...manifest.problems);
    } else if (!st.isFile()) {
      // A named pipe called x.wav would block the first read forever: refuse it before opening.
      inputs.problems.push({ path, reason: notRegularFile(st) });
    } else {
      inputs.files.push({ path, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  return inputs;
}
