import { describe, expect, it } from 'vitest';
import { QuietBatcher, quietBatching } from './capture-batching';

const RATE = 48000;
const FRAMES = 1536; // 32 ms
const chunk = (amplitude: number, seq: number) => Float32Array.from({ length: FRAMES }, (_, i) => (i === 0 ? seq * 1e-6 : amplitude * Math.sin(i / 3)));
const loud = (seq: number) => chunk(0.1, seq); // ≈ −23 dBFS RMS
const quiet = (seq: number) => chunk(0.0005, seq); // ≈ −69 dBFS RMS, under the −55 dBFS gate
const seqOf = (m: Float32Array, k: number) => Math.round(m[k * FRAMES]! * 1e6); // a chunk's sequence number, in its first sample

describe('quietBatching', () => {
  it('holds quiet input for the hangover plus a margin, at the session rate', () => {
    const t = quietBatching({ silenceGateDbfs: -55, hangoverMs: 300 }, RATE);
    expect(t.gateRms).toBeCloseTo(10 ** (-55 / 20), 9);
    expect(t.holdFrames).toBe(RATE * 0.6);
    expect(t.maxChunks).toBeGreaterThan(1);
  });
});

describe('QuietBatcher', () => {
  const terms = { ...quietBatching({ silenceGateDbfs: -55, hangoverMs: 300 }, RATE), maxChunks: 4 };

  it('sends every chunk on its own until it has the terms', () => {
    const b = new QuietBatcher();
    for (let i = 0; i < 50; i++) expect(b.take(quiet(i))).toHaveLength(1);
  });

  it('sends quiet chunks at once within the hold, then maxChunks at a time, in order and complete', () => {
    const b = new QuietBatcher();
    b.configure(terms);
    const sent: Float32Array[][] = [];
    const input = [loud(0), ...Array.from({ length: 40 }, (_, i) => quiet(i + 1))];
    for (const c of input) sent.push(b.take(c));
    const holdChunks = Math.floor(terms.holdFrames / FRAMES); // quiet chunks still inside the hold
    expect(sent.slice(0, 1 + holdChunks).every((m) => m.length === 1 && m[0]!.length === FRAMES)).toBe(true);
    const later = sent.slice(1 + holdChunks).flat();
    expect(later.every((m) => m.length === FRAMES * 4)).toBe(true);
    // Nothing lost or reordered: each chunk's first sample is its sequence number.
    const all = [...sent.flat(), ...b.flush()];
    const seqs = all.flatMap((m) => Array.from({ length: m.length / FRAMES }, (_, k) => seqOf(m, k)));
    expect(seqs).toEqual(input.map((_, i) => i));
  });

  it('sends what it held before a louder chunk, and that chunk at once', () => {
    const b = new QuietBatcher();
    b.configure(terms);
    for (let i = 0; i < 40; i++) b.take(quiet(i)); // past the hold, some of it held
    const out = b.take(loud(40));
    expect(out.length).toBe(2);
    expect(out[0]!.length % FRAMES).toBe(0);
    expect(out[0]!.length).toBeLessThan(FRAMES * 4);
    expect(seqOf(out[1]!, 0)).toBe(40);
  });

  it('sends what it held when the terms change', () => {
    const b = new QuietBatcher();
    b.configure(terms);
    for (let i = 0; i < 41; i++) b.take(quiet(i));
    expect(b.configure(terms).flat().length).toBeGreaterThan(0);
    expect(b.flush()).toEqual([]);
  });
});
