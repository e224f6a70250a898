/**
 * Clip audio for the renderer's player (`/media/clip?path=…` in the browser host, `app://media/clip?path=…`
 * in Electron): confined to opened folders, typed by content, with byte ranges so seeking works.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { CorpusAccess } from '../api/access';
import { sniffContainer } from '../core/audio/compressed';
import { ApiError } from '../api/errors';
import { WavTranscodes } from './media-transcodes';

export interface MediaPlan {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  file: string;
  /** Inclusive byte range to send (absent for 416). */
  range?: { start: number; end: number };
}

let sharedTranscodes: WavTranscodes | undefined;

/** What the file holds, from its first bytes (the decoder also decides by content, not by extension). */
export async function sniffAudioType(file: string): Promise<'audio/wav' | 'audio/aiff' | 'compressed' | null> {
  const fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    // Enough for two MPEG frame headers, which is how an MP3 without an ID3 tag is told from noise.
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const tag = (a: number, b: number) => head.subarray(a, b).toString('latin1');
    if (bytesRead >= 12 && (tag(0, 4) === 'RIFF' || tag(0, 4) === 'RF64') && tag(8, 12) === 'WAVE') return 'audio/wav';
    if (bytesRead >= 12 && tag(0, 4) === 'FORM' && (tag(8, 12) === 'AIFF' || tag(8, 12) === 'AIFC')) return 'audio/aiff';
    if (bytesRead >= 4 && sniffContainer(head.subarray(0, bytesRead))) return 'compressed';
    return null;
  } finally {
    await fh.close();
  }
}

/** Parses a single `bytes=` range against a size; null = no usable Range header (send it all); 'unsatisfiable' → 416. */
export function parseRange(header: string | undefined | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // multi-range or malformed: ignore, as RFC 9110 allows
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * Decides what to send for a clip request; throws ApiError (invalid-args, forbidden-path, not-found,
 * unsupported, failed) with words for people, never a raw Node error. Chromium neither plays nor
 * decodes AIFF (TESS ships one under a .wav name), and the player should hear a compressed clip as the
 * app decodes it (MP3 gapless, Opus pre-skip): such clips are served from their decoded WAV copy,
 * converted once per file version and then served by range.
 */
export async function planClipResponse(
  access: CorpusAccess,
  pathParam: string | null,
  rangeHeader: string | undefined | null,
  transcodes: WavTranscodes = (sharedTranscodes ??= new WavTranscodes()),
): Promise<MediaPlan> {
  if (!pathParam) throw new ApiError('invalid-args', 'media/clip needs a ?path= query parameter');
  const file = await access.check(pathParam);
  try {
    return await plan(file, pathParam, rangeHeader, transcodes);
  } catch (err) {
    throw clearError(err, pathParam);
  }
}

async function plan(file: string, pathParam: string, rangeHeader: string | undefined | null, transcodes: WavTranscodes): Promise<MediaPlan> {
  const st = await stat(file);
  if (!st.isFile()) throw new ApiError('not-found', `${pathParam} is not a file`);
  const type = await sniffAudioType(file);
  // Only clips: a folder the user opened may hold other files, which the player has no business reading.
  if (type === null) throw new ApiError('unsupported', `${pathParam} is not a WAV, AIFF, FLAC, MP3, Ogg or WebM file`);
  const served = type === 'audio/wav' ? { path: file, size: st.size } : await transcodes.wavOf(file, st);
  file = served.path;
  const size = served.size;
  const base: Record<string, string> = {
    'Content-Type': 'audio/wav',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
    'Last-Modified': st.mtime.toUTCString(),
  };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return { status: 416, file, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  if (range === null) return { status: 200, file, range: size ? { start: 0, end: size - 1 } : undefined, headers: { ...base, 'Content-Length': String(size) } };
  return {
    status: 206,
    file,
    range,
    headers: { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
  };
}

const ERRNO_WORDS: Record<string, [ApiError['code'], string]> = {
  ENOENT: ['not-found', 'no longer exists'],
  ENOTDIR: ['not-found', 'does not exist (a part of the path is not a folder)'],
  EACCES: ['forbidden-path', 'cannot be read (permission denied)'],
  EPERM: ['forbidden-path', 'cannot be read (permission denied)'],
  EISDIR: ['not-found', 'is a folder, not a clip'],
  EMFILE: ['failed', 'cannot be opened now (too many open files); try again'],
  EIO: ['failed', 'cannot be read (input/output error on the disk)'],
};

/** A raw Node error as an ApiError that names the clip and what is wrong, without stack or syscall. */
function clearError(err: unknown, pathParam: string): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const [apiCode, words] = (code && ERRNO_WORDS[code]) || ['failed', `cannot be served (${code ?? 'unexpected error'})`];
  return new ApiError(apiCode, `${pathParam} ${words}`);
}

/** HTTP status for an ApiError raised while serving media or files. */
export function httpStatusOf(err: unknown): number {
  if (!(err instanceof ApiError)) return 500;
  switch (err.code) {
    case 'invalid-args':
      return 400;
    case 'forbidden-path':
      return 403;
    case 'not-found':
      return 404;
    case 'unsupported':
      return 415;
    default:
      return 500;
  }
}

/** What a shell may tell the client about an error: an ApiError's words; nothing of an unexpected error's internals. */
export function publicMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : 'the request failed (internal error)';
}
