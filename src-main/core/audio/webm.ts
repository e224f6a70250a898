/**
 * A minimal, bounds-checked WebM (Matroska/EBML) reader for one Opus audio track: the track's
 * OpusHead (channels, pre-skip), and its packets from SimpleBlock and BlockGroup/Block elements, with
 * the last block's DiscardPadding. No npm demuxer fits: `ebml` is a Node stream decoder on the
 * unmaintained `buffers` package; ts-ebml brings a browser Buffer polyfill. Every element size is
 * checked against the bytes present; unknown sizes (MediaRecorder's live Segment and Clusters) are
 * read as "until the next element of the level above", which needs no size at all.
 */
import { AudioDecodeError } from './errors';
import type { AudioInfo } from './errors';
import type { Source } from './layout';

const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Cluster: 0x1f43b675,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  DiscardPadding: 0x75a2,
} as const;
/** Containers whose children are read in place; a Cluster's Timecode and blocks are read as Segment children. */
const DESCEND = new Set<number>([ID.Segment, ID.Cluster, ID.Tracks, ID.TrackEntry, ID.BlockGroup]);

interface Element {
  id: number;
  /** byte offset of the body */
  body: number;
  /** body length; -1 = unknown */
  size: number;
}

function vint(b: Uint8Array, pos: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = b[pos];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length > 8 || pos + length > b.length) return null;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[pos + i]!;
    if (b[pos + i] !== 0xff) allOnes = false;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function readElement(src: Source, pos: number): Element {
  const id = vint(src.bytes, pos, true);
  const size = id && vint(src.bytes, pos + id.length, false);
  if (!id || !size) {
    if (pos + 12 > src.bytes.length && src.bytes.length < src.fileSize)
      throw new AudioDecodeError(src.path, 'incomplete-head', 'a WebM element lies beyond the bytes read');
    if (pos + 12 > src.fileSize) throw new AudioDecodeError(src.path, 'truncated', `truncated: the file ends inside a WebM element header at byte ${pos}`);
    throw new AudioDecodeError(src.path, 'corrupt', `corrupt WebM: no valid element header at byte ${pos}`);
  }
  return { id: id.value, body: pos + id.length + size.length, size: size.unknown ? -1 : size.value };
}

const uint = (b: Uint8Array, e: Element) => b.subarray(e.body, e.body + e.size).reduce((v, x) => v * 256 + x, 0);
const text = (b: Uint8Array, e: Element) => String.fromCharCode(...b.subarray(e.body, e.body + Math.min(e.size, 64))).replace(/\0+$/, '');

interface Track {
  number: number;
  type: number;
  codec: string;
  priv?: Uint8Array;
}

export interface WebmOpus {
  info: AudioInfo;
  channels: number;
  preSkip: number;
  /** the Opus track's packets, in file order (views into the file's bytes) */
  packets: Uint8Array[];
  /** byte offset of each packet in the file, for error messages */
  offsets: number[];
  /** samples (48 kHz) the last block says to drop at its end */
  discardPadding: number;
}

/** Reads the whole file: the EBML header, the Opus track and every block of it. */
export function parseWebm(src: Source): WebmOpus {
  const b = src.bytes;
  if (b.length < src.fileSize) throw new AudioDecodeError(src.path, 'incomplete-head', 'a WebM file is read whole');
  const header = readElement(src, 0);
  if (header.id !== ID.EBML || header.size < 0 || header.body + header.size > b.length)
    throw new AudioDecodeError(src.path, 'bad-header', 'the EBML header is malformed');
  let docType = 'matroska';
  for (let p = header.body; p < header.body + header.size;) {
    const e = readElement(src, p);
    if (e.size < 0 || e.body + e.size > header.body + header.size)
      throw new AudioDecodeError(src.path, 'bad-header', `the EBML header's element at byte ${p} runs past it`);
    if (e.id === ID.DocType) docType = text(b, e);
    p = e.body + e.size;
  }
  if (docType !== 'webm' && docType !== 'matroska')
    throw new AudioDecodeError(src.path, 'not-audio', `an EBML file of type '${docType.slice(0, 20)}', not WebM or Matroska`);
  const tracks: Track[] = [];
  const blocks: Block[] = [];
  let groupFirst = 0;
  let groupDiscard = 0;
  for (let pos = header.body + header.size; pos < b.length;) {
    const e = readElement(src, pos);
    const end = e.size < 0 ? Infinity : e.body + e.size;
    if (end > b.length && e.id !== ID.Segment && e.id !== ID.Cluster) {
      throw new AudioDecodeError(
        src.path,
        'truncated',
        `truncated: the WebM element 0x${e.id.toString(16)} at byte ${pos} declares ${e.size} bytes, past the end of the file (${b.length} bytes)`,
      );
    }
    const track = tracks.at(-1);
    if (e.id === ID.TrackEntry) tracks.push({ number: 0, type: 0, codec: '' });
    if (e.id === ID.BlockGroup) [groupFirst, groupDiscard] = [blocks.length, 0];
    if (DESCEND.has(e.id)) {
      pos = e.body; // read the children as if they were siblings: they end where the parent does
      continue;
    }
    if (e.size < 0) throw new AudioDecodeError(src.path, 'corrupt', `corrupt WebM: the element 0x${e.id.toString(16)} at byte ${pos} has an unknown size`);
    if (e.id === ID.TrackNumber && track) track.number = uint(b, e);
    else if (e.id === ID.TrackType && track) track.type = uint(b, e);
    else if (e.id === ID.CodecID && track) track.codec = text(b, e);
    else if (e.id === ID.CodecPrivate && track) track.priv = b.subarray(e.body, end);
    else if (e.id === ID.SimpleBlock) blocks.push(readBlock(src, e, pos, 0));
    else if (e.id === ID.Block) blocks.push(readBlock(src, e, pos, groupDiscard));
    else if (e.id === ID.DiscardPadding) {
      groupDiscard = e.size <= 8 && !(b[e.body]! & 0x80) ? uint(b, e) : 0; // signed: a negative value drops nothing
      for (const k of blocks.slice(groupFirst)) k.discard = groupDiscard;
    }
    pos = end;
  }
  const audio = tracks.filter((t) => t.type === 2);
  const opus = audio.find((t) => t.codec === 'A_OPUS');
  if (!opus) {
    const what = audio.length ? `its audio is ${audio.map((t) => t.codec || 'of no codec').join(', ')}` : 'it has no audio track';
    throw new AudioDecodeError(
      src.path,
      audio.length ? 'unsupported-encoding' : 'not-audio',
      `unsupported encoding: a WebM/Matroska file whose ${what} (WebM with Opus audio is decoded)`,
    );
  }
  const priv = opus.priv;
  if (!priv || priv.length < 19 || String.fromCharCode(...priv.subarray(0, 8)) !== 'OpusHead')
    throw new AudioDecodeError(src.path, 'bad-header', 'the Opus track has no OpusHead in its CodecPrivate');
  const channels = priv[9]!;
  if (channels < 1 || channels > 2)
    throw new AudioDecodeError(src.path, 'unsupported-encoding', `unsupported encoding: WebM Opus with ${channels} channels (mono and stereo are decoded)`);
  const preSkip = priv[10]! | (priv[11]! << 8);
  const mine = blocks.filter((k) => k.track === opus.number);
  // Only the Opus track's blocks matter (a video track beside it may lace as it likes).
  const laced = mine.find((k) => k.laced);
  if (laced)
    throw new AudioDecodeError(
      src.path,
      'unsupported-encoding',
      `unsupported encoding: the Opus block at byte ${laced.at} uses lacing (several frames per block)`,
    );
  const packets = mine.map((k) => k.data);
  const discardPadding = mine.length ? Math.round((mine.at(-1)!.discard * 48000) / 1e9) : 0;
  const total = packets.reduce((n, p, i) => n + opusPacketSamples(p, src, mine[i]!.at), 0);
  const frames = Math.max(0, total - preSkip - discardPadding);
  if (frames === 0) throw new AudioDecodeError(src.path, 'empty', 'the WebM Opus track holds no audio frames');
  const info: AudioInfo = { format: 'webm-opus', encoding: 'opus', sampleRate: 48000, channels, bitsPerSample: 0, frames, durationSeconds: frames / 48000 };
  return { info, channels, preSkip, packets, offsets: mine.map((k) => k.at), discardPadding };
}

interface Block {
  track: number;
  data: Uint8Array;
  at: number;
  discard: number;
  laced: boolean;
}

function readBlock(src: Source, e: Element, at: number, discard: number): Block {
  const b = src.bytes;
  const end = e.body + e.size;
  const track = vint(b.subarray(0, end), e.body, false);
  if (!track || e.body + track.length + 3 > end)
    throw new AudioDecodeError(src.path, 'corrupt', `corrupt WebM: the block at byte ${at} is too short for its header`);
  const laced = ((b[e.body + track.length + 2]! >> 1) & 3) !== 0;
  return { track: track.value, data: b.subarray(e.body + track.length + 3, end), at, discard, laced };
}

const FRAME_MS = [10, 20, 40, 60];
const CELT_MS = [2.5, 5, 10, 20];

/** Samples at 48 kHz in one Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(p: Uint8Array, src: Source, at: number): number {
  if (p.length === 0) throw new AudioDecodeError(src.path, 'corrupt', `corrupt Opus: an empty packet in the block at byte ${at}`);
  const config = p[0]! >> 3;
  const ms = config < 12 ? FRAME_MS[config % 4]! : config < 16 ? (config % 2 ? 20 : 10) : CELT_MS[config % 4]!;
  const code = p[0]! & 3;
  if (code === 3 && p.length < 2) throw new AudioDecodeError(src.path, 'corrupt', `corrupt Opus: the packet in the block at byte ${at} lacks its frame count`);
  const count = code === 0 ? 1 : code < 3 ? 2 : p[1]! & 0x3f;
  if (count === 0 || count * ms > 120)
    throw new AudioDecodeError(src.path, 'corrupt', `corrupt Opus: the packet in the block at byte ${at} declares ${count} frames of ${ms} ms`);
  return count * ms * 48;
}
