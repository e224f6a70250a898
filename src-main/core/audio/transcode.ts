/**
 * Any decodable clip → a mono 16-bit WAV file, a bounded number of frames at a time (so a 115 MB
 * AIFF never sits in memory whole), written to a temp name and renamed into place.
 */
import { open, rename, rm } from 'node:fs/promises';
import { decodeAudioFile, readAudioInfoFile } from './decode';
import { encodeWavPcm16 } from './encode';

/** Frames decoded per step: 1 M frames is ≤ 8 MB of float samples even at 64-bit stereo input. */
const CHUNK_FRAMES = 1 << 20;

export async function transcodeToWavFile(source: string, dest: string): Promise<{ bytes: number }> {
  const info = await readAudioInfoFile(source);
  const tmp = `${dest}.${process.pid}.${Math.random().toString(16).slice(2, 10).padEnd(8, '0')}.tmp`;
  const out = await open(tmp, 'w');
  try {
    const header = encodeWavPcm16(new Float32Array(0), info.sampleRate);
    const view = new DataView(header.buffer);
    view.setUint32(4, 36 + info.frames * 2, true);
    view.setUint32(40, info.frames * 2, true);
    await out.write(header);
    for (let first = 0; first < info.frames; first += CHUNK_FRAMES) {
      const audio = await decodeAudioFile(source, { offsetFrames: first, maxFrames: CHUNK_FRAMES });
      await out.write(encodeWavPcm16(audio.samples, info.sampleRate).subarray(44));
    }
    await out.close();
    await rename(tmp, dest);
  } catch (err) {
    await out.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  return { bytes: 44 + info.frames * 2 };
}
