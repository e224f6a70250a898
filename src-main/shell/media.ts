/**
 * Clip audio for the renderer's player (`/media/clip?path=…` in the browser host, `app://media/clip?path=…`
 * in Electron): confined to opened folders, typed by content, with byte ranges so seeking works.
 */
import { open, stat } from 'node:fs/promises';
import { AudioDecodeError, decodeAudioFile, encodeWavPcm16 } from '../core/audio';
import type { CorpusAccess } from '../api/access';
import { ApiError } from '../api/errors';

export interface MediaPlan {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  file: string;
  /** Inclusive byte range to send (absent for 416). */
  range?: { start: number; end: number };
  /** Bytes to send instead of the file's (an AIFF clip transcoded to WAV); `range` indexes into it. */
  body?: Buffer;
}

/** Chromium neither plays nor decodes AIFF (TESS ships one under a .wav name): serve such clips as 16-bit WAV. */
export async function aiffAsWav(file: string): Promise<Buffer> {
  let audio;
  try {
    audio = await decodeAudioFile(file);
  } catch (err) {
    if (err instanceof AudioDecodeError) throw new ApiError('failed', err.message);
    throw err;
  }
  return Buffer.from(encodeWavPcm16(audio.samples, audio.sampleRate));
}

/** Content type from the file's first bytes (the decoder also decides by content, not by extension). */
export async function sniffAudioType(file: string): Promise<'audio/wav' | 'audio/aiff' | null> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await fh.read(head, 0, 12, 0);
    const tag = (a: number, b: number) => head.subarray(a, b).toString('latin1');
    if (bytesRead >= 12 && (tag(0, 4) === 'RIFF' || tag(0, 4) === 'RF64') && tag(8, 12) === 'WAVE') return 'audio/wav';
    if (bytesRead >= 12 && tag(0, 4) === 'FORM' && (tag(8, 12) === 'AIFF' || tag(8, 12) === 'AIFC')) return 'audio/aiff';
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

/** Decides what to send for a clip request; throws ApiError (invalid-args, forbidden-path, not-found). */
export async function planClipResponse(access: CorpusAccess, pathParam: string | null, rangeHeader: string | undefined | null): Promise<MediaPlan> {
  if (!pathParam) throw new ApiError('invalid-args', 'media/clip needs a ?path= query parameter');
  const file = await access.check(pathParam);
  const st = await stat(file);
  if (!st.isFile()) throw new ApiError('not-found', `${pathParam} is not a file`);
  const type = await sniffAudioType(file);
  // Only clips: a folder the user opened may hold other files, which the player has no business reading.
  if (type === null) throw new ApiError('unsupported', `${pathParam} is not a WAV or AIFF file`);
  const body = type === 'audio/aiff' ? await aiffAsWav(file) : undefined;
  const size = body ? body.length : st.size;
  const base: Record<string, string> = {
    'Content-Type': body ? 'audio/wav' : type,
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-cache',
    'Last-Modified': st.mtime.toUTCString(),
  };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return { status: 416, file, body, headers: { ...base, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' } };
  if (range === null)
    return { status: 200, file, body, range: size ? { start: 0, end: size - 1 } : undefined, headers: { ...base, 'Content-Length': String(size) } };
  return {
    status: 206,
    file,
    body,
    range,
    headers: { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
  };
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
