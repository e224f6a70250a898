// An opened audio file through the live path: its channels mixed to mono, then pushed in chunks.

/** Chunks of a file are this long: far below the host's per-chunk limit, few enough messages. */
export const FILE_CHUNK_SECONDS = 0.25;
/** The rate a file is decoded at (the browser's decoder resamples; the host then resamples like training). */
export const FILE_DECODE_RATE = 48000;
/** What the browser's decodeAudioData opens (Chromium decodes these itself; it has no AIFF decoder). */
export const FILE_FORMATS =
  'Open a WAV, FLAC, MP3, Ogg (Vorbis or Opus), WebM (Opus) or M4A file; AIFF clips play in the Corpus view but cannot be opened here.';

/** The mean of the channels (what a mono microphone would hear). */
export function mixdown(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const ch of channels) for (let i = 0; i < length; i++) out[i]! += ch[i]!;
  const k = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= k;
  return out;
}

/** [start, end) ranges of at most `size` samples covering `length`. */
export function chunkRanges(length: number, size: number): [number, number][] {
  const step = Math.max(1, Math.floor(size));
  const out: [number, number][] = [];
  for (let start = 0; start < length; start += step) out.push([start, Math.min(length, start + step)]);
  return out;
}

/** How long live.end may take for a file: its audio is pushed at once, the host predicts it after. */
export function fileEndTimeoutMs(seconds: number): number {
  return 60_000 + Math.ceil(seconds * 2000);
}
