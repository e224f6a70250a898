/**
 * Test helper: builds WAV / WAVE_FORMAT_EXTENSIBLE / AIFF / AIFF-C bytes in memory from float samples,
 * plus the low-level chunk builders the bad-file tests use to write headers that lie.
 * Exported for other modules' tests (write the bytes to a temp file to get a real clip).
 */

export interface WavOptions {
  /** 8 (unsigned), 16, 24, 32 integer; 32 or 64 with float */
  bits?: number;
  float?: boolean;
  extensible?: boolean;
  /** G.711 (8-bit codes; samples are encoded with the encoder below) */
  g711?: 'ulaw' | 'alaw';
}

export interface AiffOptions {
  bits?: number;
  /** AIFF-C with this compression type; plain AIFF when absent */
  compression?: 'NONE' | 'twos' | 'sowt' | 'fl32' | 'fl64';
}

export interface ChunkSpec {
  id: string;
  body: Uint8Array;
  /** size written in the header (default: body length): lets a test make a chunk lie */
  declaredSize?: number;
}

const KS_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Integer code of a float sample at this bit depth, rounded and clipped like a typical writer. */
export function quantize(v: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(v * full)));
}

/** The float value a soundfile-compatible reader returns for v written at this integer depth. */
export function quantized(v: number, bits: number): number {
  return Math.fround(quantize(v, bits) / 2 ** (bits - 1));
}

export function encodeWav(channels: Float32Array[], sampleRate: number, opts: WavOptions = {}): Uint8Array {
  const bits = opts.g711 ? 8 : (opts.bits ?? (opts.float ? 32 : 16));
  const tag = opts.g711 === 'alaw' ? 6 : opts.g711 === 'ulaw' ? 7 : opts.float ? 3 : 1;
  const fmt = fmtBody({ tag, channels: channels.length, sampleRate, bits, extensible: opts.extensible });
  const data = interleave(channels, bits / 8, (dv, p, v) => {
    if (opts.g711) dv.setUint8(p, opts.g711 === 'ulaw' ? linearToUlaw(quantize(v, 16)) : linearToAlaw(quantize(v, 16)));
    else if (opts.float) writeFloat(dv, p, v, bits, true);
    else if (bits === 8) dv.setUint8(p, quantize(v, 8) + 128);
    else writeInt(dv, p, quantize(v, bits), bits / 8, true);
  });
  return buildRiff([
    { id: 'fmt ', body: fmt },
    { id: 'data', body: data },
  ]);
}

export function encodeAiff(channels: Float32Array[], sampleRate: number, opts: AiffOptions = {}): Uint8Array {
  const compression = opts.compression;
  const float = compression === 'fl32' || compression === 'fl64';
  const bits = compression === 'fl32' ? 32 : compression === 'fl64' ? 64 : (opts.bits ?? 16);
  const bytes = Math.ceil(bits / 8);
  const frames = channels[0]?.length ?? 0;
  const comm = commBody({ channels: channels.length, frames, bits, sampleRate, compression });
  const le = compression === 'sowt';
  const samples = interleave(channels, bytes, (dv, p, v) => {
    if (float) writeFloat(dv, p, v, bits, false);
    else writeInt(dv, p, quantize(v, bits) * 2 ** (bytes * 8 - bits), bytes, le); // left-justified
  });
  const ssnd = new Uint8Array(8 + samples.length);
  ssnd.set(samples, 8); // offset 0, block size 0
  return buildForm(compression ? 'AIFC' : 'AIFF', [
    { id: 'COMM', body: comm },
    { id: 'SSND', body: ssnd },
  ]);
}

export function fmtBody(f: {
  tag: number;
  channels: number;
  sampleRate: number;
  bits: number;
  blockAlign?: number;
  extensible?: boolean;
  subFormatGuid?: Uint8Array;
}): Uint8Array {
  const body = new Uint8Array(f.extensible ? 40 : 16);
  const dv = new DataView(body.buffer);
  const blockAlign = f.blockAlign ?? (f.channels * f.bits) / 8;
  dv.setUint16(0, f.extensible ? 0xfffe : f.tag, true);
  dv.setUint16(2, f.channels, true);
  dv.setUint32(4, f.sampleRate, true);
  dv.setUint32(8, f.sampleRate * blockAlign, true);
  dv.setUint16(12, blockAlign, true);
  dv.setUint16(14, f.bits, true);
  if (f.extensible) {
    dv.setUint16(16, 22, true); // cbSize
    dv.setUint16(18, f.bits, true); // valid bits
    dv.setUint32(20, f.channels === 2 ? 3 : 4, true); // channel mask
    body.set(f.subFormatGuid ?? [f.tag & 0xff, f.tag >> 8, ...KS_GUID_TAIL], 24);
  }
  return body;
}

export function commBody(c: { channels: number; frames: number; bits: number; sampleRate: number; compression?: string }): Uint8Array {
  const body = new Uint8Array(c.compression ? 24 : 18); // AIFF-C: type + empty pascal name (2 bytes)
  const dv = new DataView(body.buffer);
  dv.setInt16(0, c.channels, false);
  dv.setUint32(2, c.frames, false);
  dv.setInt16(6, c.bits, false);
  body.set(extended80(c.sampleRate), 8);
  if (c.compression) for (let i = 0; i < 4; i++) body[18 + i] = c.compression.charCodeAt(i);
  return body;
}

/** IEEE 754 80-bit extended, big-endian, for a positive rate. */
export function extended80(value: number): Uint8Array {
  const out = new Uint8Array(10);
  if (value === 0) return out;
  const exp = Math.floor(Math.log2(value));
  const dv = new DataView(out.buffer);
  const scaled = value * 2 ** (31 - exp); // in [2^31, 2^32)
  const hi = Math.floor(scaled);
  dv.setUint16(0, exp + 16383, false);
  dv.setUint32(2, hi, false);
  dv.setUint32(6, Math.floor((scaled - hi) * 2 ** 32), false);
  return out;
}

export function chunk(id: string, body: Uint8Array, declaredSize?: number): ChunkSpec {
  return { id, body, declaredSize };
}

export function buildRiff(chunks: ChunkSpec[], magic = 'RIFF', kind = 'WAVE'): Uint8Array {
  return container(magic, kind, chunks, true);
}

export function buildForm(kind: 'AIFF' | 'AIFC', chunks: ChunkSpec[]): Uint8Array {
  return container('FORM', kind, chunks, false);
}

function container(magic: string, kind: string, chunks: ChunkSpec[], le: boolean): Uint8Array {
  const padded = (n: number): number => n + (n & 1);
  const total = 12 + chunks.reduce((s, c) => s + 8 + padded(c.body.length), 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  writeId(out, 0, magic);
  dv.setUint32(4, total - 8, le);
  writeId(out, 8, kind);
  let pos = 12;
  for (const c of chunks) {
    writeId(out, pos, c.id);
    dv.setUint32(pos + 4, c.declaredSize ?? c.body.length, le);
    out.set(c.body, pos + 8);
    pos += 8 + padded(c.body.length);
  }
  return out;
}

function writeId(out: Uint8Array, pos: number, id: string): void {
  for (let i = 0; i < 4; i++) out[pos + i] = id.charCodeAt(i);
}

function interleave(channels: Float32Array[], bytes: number, write: (dv: DataView, pos: number, v: number) => void): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * channels.length * bytes);
  const dv = new DataView(out.buffer);
  for (let f = 0, p = 0; f < frames; f++) {
    for (const ch of channels) {
      write(dv, p, ch[f]!);
      p += bytes;
    }
  }
  return out;
}

function writeInt(dv: DataView, p: number, v: number, bytes: number, le: boolean): void {
  for (let i = 0; i < bytes; i++) {
    const byte = Math.floor(v / 2 ** (8 * i)) & 0xff; // two's complement via floor on negatives
    dv.setUint8(le ? p + i : p + bytes - 1 - i, byte);
  }
}

function writeFloat(dv: DataView, p: number, v: number, bits: number, le: boolean): void {
  if (bits === 64) dv.setFloat64(p, v, le);
  else dv.setFloat32(p, v, le);
}

/** G.711 µ-law encoder (Sun reference linear2ulaw): 16-bit linear → code. */
export function linearToUlaw(pcm: number): number {
  let v = pcm >> 2;
  let mask = 0xff;
  if (v < 0) {
    v = -v;
    mask = 0x7f;
  }
  v = Math.min(v, 8159) + 0x21;
  const seg = segment(v, 0x3f);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((v >> (seg + 1)) & 0x0f)) ^ mask;
}

/** G.711 A-law encoder (Sun reference linear2alaw): 16-bit linear → code. */
export function linearToAlaw(pcm: number): number {
  let v = pcm >> 3;
  let mask = 0xd5;
  if (v < 0) {
    mask = 0x55;
    v = -v - 1;
  }
  const seg = segment(v, 0x1f);
  if (seg >= 8) return 0x7f ^ mask;
  const quant = (seg < 2 ? v >> 1 : v >> seg) & 0x0f;
  return ((seg << 4) | quant) ^ mask;
}

/** First segment i with v ≤ end0·2^i + (2^i − 1) (the seg_end tables 0x3F, 0x7F, ... / 0x1F, 0x3F, ...). */
function segment(v: number, end0: number): number {
  let seg = 0;
  for (let end = end0; seg < 8 && v > end; end = end * 2 + 1) seg++;
  return seg;
}
