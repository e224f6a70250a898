/**
 * Any decodable clip → a mono 16-bit WAV file, written as it is decoded (a bounded number of WAV/AIFF
 * frames at a time, so a 115 MB AIFF never sits in memory whole; a compressed file's decoder output
 * piece by piece), to a temp name renamed into place. The header's sizes are written last: a
 * compressed stream's exact length is known once it is decoded.
 */
import { open, rename, rm } from 'node:fs/promises';
import { decodeCompressed, readCompressedInfo, sniffContainer } from './compressed';
import { decodeAudioFile, readAudioInfoFile, readAudioWhole } from './decode';
import { encodeWavPcm16 } from './encode';

/** Frames decoded per step: 1 M frames is ≤ 8 MB of float samples even at 64-bit stereo input. */
const CHUNK_FRAMES = 1 << 20;

export async function transcodeToWavFile(source: string, dest: string): Promise<{ bytes: number }> {
  const info = await readAudioInfoFile(source);
  const tmp = `${dest}.${process.pid}.${Math.random().toString(16).slice(2, 10).padEnd(8, '0')}.tmp`;
  const out = await open(tmp, 'w');
  let frames = 0;
  const write = async (samples: Float32Array) => {
    await out.write(encodeWavPcm16(samples, info.sampleRate).subarray(44), 0, samples.length * 2, 44 + frames * 2);
    frames += samples.length;
  };
  try {
    if (info.format === 'wav' || info.format === 'aiff') {
      for (let first = 0; first < info.frames; first += CHUNK_FRAMES)
        await write((await decodeAudioFile(source, { offsetFrames: first, maxFrames: CHUNK_FRAMES })).samples);
    } else {
      const bytes = await readAudioWhole(source);
      const layout = readCompressedInfo(sniffContainer(bytes)!, { bytes, fileSize: bytes.length, path: source });
      await decodeCompressed(layout, bytes, source, 0, Infinity, write);
    }
    const header = encodeWavPcm16(new Float32Array(0), info.sampleRate);
    const view = new DataView(header.buffer);
    view.setUint32(4, 36 + frames * 2, true);
    view.setUint32(40, frames * 2, true);
    await out.write(header, 0, 44, 0);
    await out.close();
    await rename(tmp, dest);
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return { bytes: 44 + frames * 2 };
}
