/**
 * Test support: compressed fixtures made at test time with Debian's ffmpeg (CI installs it). A
 * developer without ffmpeg gets a clear skip; in CI (CI=true) the tests run anyway and fail loudly.
 */
import { spawnSync } from 'node:child_process';
import type { CompressedFormat } from '../core/audio/errors';

export const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
/** Skip only outside CI: in CI a missing ffmpeg is a broken set-up, not a reason to test less. */
export const skipWithoutFfmpeg = !hasFfmpeg && !process.env.CI;

export function ffmpegSkipNote(what: string): void {
  if (skipWithoutFfmpeg) console.warn(`[audio tests] skipping ${what}: ffmpeg is not installed (apt-get install ffmpeg)`);
}

/**
 * How each format is made. Bit rates are the highest each codec takes for TESS's 24414 Hz mono:
 * MP3 at 24 kHz (MPEG-2) stops at 160 kb/s and libvorbis at 24 kHz reaches about 116 kb/s at -q 10.
 */
export const FFMPEG_FORMATS: Record<CompressedFormat, { ext: string; args: string[]; what: string }> = {
  flac: { ext: 'flac', args: ['-c:a', 'flac'], what: 'FLAC' },
  mp3: { ext: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '160k'], what: 'MP3 160 kb/s' },
  'ogg-vorbis': { ext: 'ogg', args: ['-c:a', 'libvorbis', '-q:a', '10'], what: 'Ogg Vorbis q10' },
  'ogg-opus': { ext: 'opus', args: ['-c:a', 'libopus', '-b:a', '128k'], what: 'Ogg Opus 128 kb/s' },
  'webm-opus': { ext: 'webm', args: ['-c:a', 'libopus', '-b:a', '128k', '-f', 'webm'], what: 'WebM Opus 128 kb/s' },
};

export const COMPRESSED_FORMATS = Object.keys(FFMPEG_FORMATS) as CompressedFormat[];

/** Converts `source` into `dest` in `format`; throws with ffmpeg's own words when it fails. */
export function ffmpegConvert(source: string, format: CompressedFormat, dest: string, extra: string[] = []): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', '-i', source, ...extra, ...FFMPEG_FORMATS[format].args, dest], { encoding: 'utf8' });
  if (r.error) throw new Error(`ffmpeg could not run (${r.error.message}); install it with apt-get install ffmpeg`);
  if (r.status !== 0) throw new Error(`ffmpeg failed to make ${dest}: ${r.stderr.trim()}`);
}
