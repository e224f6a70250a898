/** The person's labelled recordings as a teaching run reads them (no tfjs: the api lists them too). */
import { CorpusScanError, scanCorpus, type Clip, type Problem } from '../dataset';
import { TeachRecordingsError } from './teach-split';

/** The labelled recordings in `dir` (the Live view's layout, one folder per label); TeachRecordingsError when there is no such folder. */
export async function scanRecordings(dir: string, signal?: AbortSignal): Promise<{ root: string; clips: Clip[]; problems: Problem[] }> {
  try {
    const manifest = await scanCorpus(dir, { signal, convention: 'folder-per-label' });
    return { root: manifest.root, clips: manifest.clips, problems: manifest.problems };
  } catch (err) {
    if (err instanceof CorpusScanError) throw new TeachRecordingsError(`cannot read the recordings: ${err.message}`);
    throw err;
  }
}
