// Audio for the live benchmark's fake microphone (Chromium plays a WAV file as the microphone):
// TESS clips the built-in model never trained on, or espeak-ng speech when TESS is absent.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Mono 16-bit PCM samples and rate of a WAV file's bytes, or undefined for any other layout (the AIFF and 96 kHz TESS quirks). */
export function readPcm16(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let fmt;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') fmt = { channels: view.getUint16(at + 10, true), rate: view.getUint32(at + 12, true), bits: view.getUint16(at + 22, true) };
    if (id === 'data' && fmt?.channels === 1 && fmt.bits === 16) {
      const n = Math.min(size, bytes.length - at - 8) >> 1;
      return { rate: fmt.rate, samples: Int16Array.from({ length: n }, (_, i) => view.getInt16(at + 8 + 2 * i, true)) };
    }
    at += 8 + size + (size & 1);
  }
  return undefined;
}

/** Mono 16-bit PCM samples (an Int16Array) as canonical WAV bytes. */
export function pcm16Wav(samples, rate) {
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + samples.length * 2, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(samples.length * 2, 40);
  return Buffer.concat([head, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

export function writePcm16(file, samples, rate) {
  writeFileSync(file, pcm16Wav(samples, rate));
}

/** espeak-ng speaking `text` (22050 Hz), or undefined when espeak-ng is missing. */
export function espeak(text) {
  const r = spawnSync('espeak-ng', ['--stdout', text], { maxBuffer: 1 << 26 });
  if (r.status !== 0) return undefined;
  return {
    rate: 22050,
    samples: new Int16Array(r.stdout.buffer.slice(r.stdout.byteOffset + 44, r.stdout.byteOffset + r.stdout.length - ((r.stdout.length - 44) % 2))),
  };
}

/**
 * Utterances laid end to end with `gapSeconds` of a noise floor between them (and before the first):
 * the samples, and where each utterance's speech starts and ends (seconds into the file).
 */
export function layOut(clips, rate, gapSeconds, floorDbfs = -60) {
  const gap = Math.round(gapSeconds * rate);
  const total = clips.reduce((n, c) => n + c.samples.length + gap, gap);
  const out = new Int16Array(total);
  const amp = 32768 * 10 ** (floorDbfs / 20) * Math.sqrt(3); // uniform noise at that RMS
  let seed = 12345;
  for (let i = 0; i < total; i++) out[i] = Math.round(amp * (((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1));
  const spans = [];
  let at = gap;
  for (const c of clips) {
    out.set(c.samples, at);
    spans.push({ ...c.meta, start: at / rate, end: (at + c.samples.length) / rate });
    at += c.samples.length + gap;
  }
  return { samples: out, spans };
}

export function readClip(path) {
  return readPcm16(readFileSync(path));
}
