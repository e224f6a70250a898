/** FORM/AIFF and AIFF-C header: COMM (80-bit extended sample rate, AIFF-C compression type) and SSND. */
import { AudioDecodeError } from './errors';
import { checkChannels, checkSampleRate, dataView, finishLayout, fourcc, needBytes, printable, walkChunks } from './layout';
import type { Layout, SampleCoding, Source } from './layout';

interface Comm {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  compression: string; // 'NONE' for plain AIFF
}

/** AIFF-C compression types we decode: coding, byte order, fixed sample size (0 = from the bit depth). */
const COMPRESSIONS: Record<string, { coding: SampleCoding; littleEndian: boolean; bytes: number; name: string }> = {
  NONE: { coding: 'int', littleEndian: false, bytes: 0, name: 'pcm' },
  twos: { coding: 'int', littleEndian: false, bytes: 0, name: 'pcm' },
  sowt: { coding: 'int', littleEndian: true, bytes: 0, name: 'sowt-pcm' },
  'raw ': { coding: 'uint', littleEndian: false, bytes: 1, name: 'raw-pcm' },
  fl32: { coding: 'float', littleEndian: false, bytes: 4, name: 'float' },
  FL32: { coding: 'float', littleEndian: false, bytes: 4, name: 'float' },
  fl64: { coding: 'float', littleEndian: false, bytes: 8, name: 'float' },
  FL64: { coding: 'float', littleEndian: false, bytes: 8, name: 'float' },
  ulaw: { coding: 'ulaw', littleEndian: false, bytes: 1, name: 'ulaw' },
  ULAW: { coding: 'ulaw', littleEndian: false, bytes: 1, name: 'ulaw' },
  alaw: { coding: 'alaw', littleEndian: false, bytes: 1, name: 'alaw' },
  ALAW: { coding: 'alaw', littleEndian: false, bytes: 1, name: 'alaw' },
};

export function parseAiff(src: Source, aifc: boolean): Layout {
  let comm: Comm | undefined;
  let ssnd: { body: number; size: number; offset: number } | undefined;
  walkChunks(src, 12, false, 'SSND', (id, body, size) => {
    if (id === 'COMM' && !comm) comm = readComm(src, body, size, aifc);
    else if (id === 'SSND' && !ssnd) {
      if (size < 8) throw new AudioDecodeError(src.path, 'bad-header', `the SSND chunk is ${size} bytes; at least 8 are needed`);
      needBytes(src, body, 8, 'the SSND chunk');
      ssnd = { body, size, offset: dataView(src.bytes).getUint32(body, false) };
    }
    return comm !== undefined && ssnd !== undefined;
  });
  if (!comm) throw new AudioDecodeError(src.path, 'bad-header', 'the AIFF file has no COMM chunk');

  const kind = COMPRESSIONS[comm.compression];
  if (!kind) {
    throw new AudioDecodeError(
      src.path,
      'unsupported-encoding',
      `unsupported encoding: AIFF-C compression type '${printable(comm.compression)}' ` + `(NONE, twos, sowt, raw, fl32, fl64, ulaw and alaw are decoded)`,
    );
  }
  let sampleBytes = kind.bytes;
  let bits = sampleBytes * 8;
  if (sampleBytes === 0) {
    if (comm.bits < 1 || comm.bits > 32) {
      throw new AudioDecodeError(src.path, 'bad-header', `the COMM chunk declares ${comm.bits} bits per sample (1–32 expected)`);
    }
    bits = comm.bits;
    sampleBytes = Math.ceil(bits / 8); // narrower samples are left-justified in whole bytes
  }
  const blockAlign = comm.channels * sampleBytes;
  if (comm.frames === 0) throw new AudioDecodeError(src.path, 'empty', 'the COMM chunk declares 0 sample frames (zero-length data)');
  if (!ssnd) {
    throw new AudioDecodeError(src.path, 'truncated', `truncated data: the COMM chunk declares ${comm.frames} frames but there is no SSND chunk`);
  }
  if (ssnd.offset > ssnd.size - 8) {
    throw new AudioDecodeError(src.path, 'bad-header', `the SSND data offset (${ssnd.offset}) lies past the end of its chunk (${ssnd.size} bytes)`);
  }
  return finishLayout(src, {
    format: 'aiff',
    encoding: `aiff-${kind.name}${kind.coding === 'ulaw' || kind.coding === 'alaw' ? '' : bits}`,
    sampleRate: comm.sampleRate,
    channels: comm.channels,
    bitsPerSample: bits,
    sampleBytes,
    coding: kind.coding,
    littleEndian: kind.littleEndian,
    dataOffset: ssnd.body + 8 + ssnd.offset,
    declaredBytes: comm.frames * blockAlign,
    declaredBy: 'the COMM chunk',
    chunkEnd: ssnd.body + ssnd.size,
  });
}

function readComm(src: Source, body: number, size: number, aifc: boolean): Comm {
  const need = aifc ? 22 : 18;
  if (size < need) throw new AudioDecodeError(src.path, 'bad-header', `the COMM chunk is ${size} bytes; at least ${need} are needed`);
  needBytes(src, body, need, 'the COMM chunk');
  const dv = dataView(src.bytes);
  const channels = dv.getInt16(body, false);
  checkChannels(src, channels);
  const rate = readExtended(dv, body + 8);
  // libsndfile truncates the extended-precision rate to an integer; soundfile reports that.
  const sampleRate = Number.isFinite(rate) ? Math.floor(rate) : rate;
  checkSampleRate(src, sampleRate);
  return {
    channels,
    frames: dv.getUint32(body + 2, false),
    bits: dv.getInt16(body + 6, false),
    sampleRate,
    compression: aifc ? fourcc(src.bytes, body + 18) : 'NONE',
  };
}

/** IEEE 754 80-bit extended (big-endian): sign, 15-bit exponent, 64-bit mantissa with explicit integer bit. */
export function readExtended(dv: DataView, pos: number): number {
  const se = dv.getUint16(pos, false);
  const hi = dv.getUint32(pos + 2, false);
  const lo = dv.getUint32(pos + 6, false);
  const exp = se & 0x7fff;
  if (exp === 0x7fff) return NaN;
  const mantissa = hi * 2 ** 32 + lo;
  if (mantissa === 0) return 0;
  return (se & 0x8000 ? -1 : 1) * mantissa * 2 ** (exp - 16383 - 63);
}
