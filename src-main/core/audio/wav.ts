/** RIFF/WAVE header: fmt (PCM, IEEE float, G.711, WAVE_FORMAT_EXTENSIBLE) and data chunks. */
import { AudioDecodeError } from './errors';
import { checkChannels, checkSampleRate, dataView, finishLayout, needBytes, walkChunks } from './layout';
import type { Layout, SampleCoding, Source } from './layout';

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_ALAW = 0x0006;
const WAVE_FORMAT_MULAW = 0x0007;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of common compression codes we do not decode, so the error can say what the file is. */
const UNSUPPORTED_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0016: 'ITU G.723 ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG-1 audio',
  0x0055: 'MP3 (MPEG Layer 3)',
  0x0092: 'Dolby AC-3 (S/PDIF)',
  0x00ff: 'AAC',
  0x0160: 'WMA v1',
  0x0161: 'WMA v2',
  0x0162: 'WMA Pro',
  0x0163: 'WMA Lossless',
  0x1610: 'HE-AAC',
  0x2000: 'Dolby AC-3',
  0x6771: 'Ogg Vorbis',
  0xf1ac: 'FLAC',
};

/** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs (the first two bytes carry the format code). */
const KS_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface Fmt {
  encoding: string;
  coding: SampleCoding;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  sampleBytes: number;
}

export function parseWav(src: Source): Layout {
  let fmt: Fmt | undefined;
  let data: { pos: number; size: number } | undefined;
  walkChunks(src, 12, true, 'data', (id, body, size) => {
    if (id === 'fmt ' && !fmt) fmt = readFmt(src, body, size);
    else if (id === 'data' && !data) data = { pos: body, size };
    return fmt !== undefined && data !== undefined;
  });
  if (!fmt) throw new AudioDecodeError(src.path, 'bad-header', 'the WAVE file has no fmt chunk');
  if (!data) throw new AudioDecodeError(src.path, 'empty', 'the WAVE file has no data chunk (zero-length data)');
  return finishLayout(src, {
    format: 'wav',
    ...fmt,
    littleEndian: true,
    dataOffset: data.pos,
    declaredBytes: data.size,
    declaredBy: 'the data chunk',
  });
}

function readFmt(src: Source, body: number, size: number): Fmt {
  if (size < 16) throw new AudioDecodeError(src.path, 'bad-header', `the fmt chunk is ${size} bytes; at least 16 are needed`);
  needBytes(src, body, 16, 'the fmt chunk');
  const dv = dataView(src.bytes);
  let tag = dv.getUint16(body, true);
  const channels = dv.getUint16(body + 2, true);
  const sampleRate = dv.getUint32(body + 4, true);
  const blockAlign = dv.getUint16(body + 12, true);
  const bits = dv.getUint16(body + 14, true);
  checkChannels(src, channels);
  checkSampleRate(src, sampleRate);

  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) {
      throw new AudioDecodeError(src.path, 'bad-header', `the WAVE_FORMAT_EXTENSIBLE fmt chunk is ${size} bytes; 40 are needed`);
    }
    needBytes(src, body, 40, 'the fmt chunk');
    const guid = src.bytes.subarray(body + 24, body + 40);
    if (!KS_GUID_TAIL.every((b, i) => guid[i + 2] === b)) {
      throw new AudioDecodeError(
        src.path,
        'unsupported-encoding',
        `unsupported encoding: WAVE_FORMAT_EXTENSIBLE with sub-format GUID ${guidString(guid)} (only PCM and IEEE float are decoded)`,
      );
    }
    tag = guid[0]! | (guid[1]! << 8);
  }

  const coding = codingOf(src, tag, bits);
  const sampleBytes = bits / 8;
  if (blockAlign !== channels * sampleBytes) {
    throw new AudioDecodeError(
      src.path,
      'bad-header',
      `the fmt chunk's block align (${blockAlign}) is not channels × bytes per sample (${channels} × ${sampleBytes})`,
    );
  }
  const encoding = coding === 'ulaw' || coding === 'alaw' ? coding : coding === 'float' ? `float${bits}` : `pcm${bits}`;
  return { encoding, coding, channels, sampleRate, bitsPerSample: bits, sampleBytes };
}

function codingOf(src: Source, tag: number, bits: number): SampleCoding {
  const unsupported = (what: string): never => {
    throw new AudioDecodeError(src.path, 'unsupported-encoding', `unsupported encoding: ${what}`);
  };
  switch (tag) {
    case WAVE_FORMAT_PCM:
      if (bits === 8) return 'uint';
      if (bits === 16 || bits === 24 || bits === 32) return 'int';
      return unsupported(`integer PCM with ${bits} bits per sample (8, 16, 24 and 32 are decoded)`);
    case WAVE_FORMAT_IEEE_FLOAT:
      if (bits === 32 || bits === 64) return 'float';
      return unsupported(`IEEE float with ${bits} bits per sample (32 and 64 are decoded)`);
    case WAVE_FORMAT_ALAW:
    case WAVE_FORMAT_MULAW:
      if (bits === 8) return tag === WAVE_FORMAT_ALAW ? 'alaw' : 'ulaw';
      return unsupported(`G.711 ${tag === WAVE_FORMAT_ALAW ? 'A-law' : 'µ-law'} with ${bits} bits per sample (8 expected)`);
    default: {
      const name = UNSUPPORTED_NAMES[tag];
      const hex = `0x${tag.toString(16).padStart(4, '0')}`;
      return unsupported(`WAVE compression code ${hex}${name ? ` (${name})` : ''}; only PCM, IEEE float, A-law and µ-law are decoded`);
    }
  }
}

function guidString(g: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean): string => {
    const part = Array.from(g.subarray(from, to), (b) => b.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('');
  };
  return `{${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}}`;
}
