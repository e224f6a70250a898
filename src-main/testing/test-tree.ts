/** Test helpers: writes small real WAV/AIFF files into generated corpus trees (never committed binaries). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encodeWavPcm16 } from '../core/audio/encode';

let nextSeed = 1;

/** 16-bit mono samples of seeded noise, so that every generated file has its own content. */
function noise(frames: number, seed: number): Int16Array {
  const out = new Int16Array(frames);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < frames; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 16) - 32768;
  }
  return out;
}

export interface ToneOptions {
  sampleRate?: number;
  seconds?: number;
  /** Same seed → same bytes (to make duplicates); default: a fresh seed per file. */
  seed?: number;
}

/** A WAV whose 'fmt ' chunk comes after a metadata chunk of `padBytes` (headers past the first 64 KiB exist). */
export function wavWithLeadingChunk(padBytes: number, opts: ToneOptions = {}): Uint8Array {
  const plain = Buffer.from(wavBytes(opts));
  const pad = Buffer.alloc(8 + padBytes + (padBytes % 2));
  pad.write('junk', 0, 'latin1');
  pad.writeUInt32LE(padBytes, 4);
  const out = Buffer.concat([plain.subarray(0, 12), pad, plain.subarray(12)]);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}

/** A canonical 44-byte-header PCM16 mono WAV. */
export function wavBytes({ sampleRate = 8000, seconds = 0.25, seed = nextSeed++ }: ToneOptions = {}): Uint8Array {
  const samples = noise(Math.round(sampleRate * seconds), seed);
  return encodeWavPcm16(
    Float32Array.from(samples, (v) => v / 32768),
    sampleRate,
  );
}

/** A PCM16 mono AIFF (big-endian, 80-bit extended sample rate), as TESS ships one under a .wav name. */
export function aiffBytes({ sampleRate = 8000, seconds = 0.25, seed = nextSeed++ }: ToneOptions = {}): Uint8Array {
  const samples = noise(Math.round(sampleRate * seconds), seed);
  const ssndSize = 8 + samples.length * 2;
  const buf = Buffer.alloc(12 + 26 + 8 + ssndSize);
  buf.write('FORM', 0, 'latin1');
  buf.writeUInt32BE(buf.length - 8, 4);
  buf.write('AIFFCOMM', 8, 'latin1');
  buf.writeUInt32BE(18, 16);
  buf.writeUInt16BE(1, 20);
  buf.writeUInt32BE(samples.length, 22);
  buf.writeUInt16BE(16, 26);
  const exponent = Math.floor(Math.log2(sampleRate));
  buf.writeUInt16BE(16383 + exponent, 28);
  buf.writeBigUInt64BE(BigInt(sampleRate) << BigInt(63 - exponent), 30);
  buf.write('SSND', 38, 'latin1');
  buf.writeUInt32BE(ssndSize, 42);
  for (let i = 0; i < samples.length; i++) buf.writeInt16BE(samples[i], 54 + i * 2);
  return buf;
}

/** A temporary folder; `write` creates files (parents included) below it. */
export function tempTree(prefix = 'ser-scan-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    root,
    path: (rel: string) => join(root, rel),
    write(rel: string, bytes: Uint8Array | string = wavBytes()) {
      const path = join(root, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
      return path;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
