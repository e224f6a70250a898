/**
 * Test support for property-based fuzzing (fast-check): mutations of valid inputs (random bytes alone
 * die at the first check), the run settings (a fixed seed; 500 cases in `npm test`, SER_FUZZ_RUNS in
 * the bench), and one printed line per target with its case count.
 */
import fc from 'fast-check';

export const FUZZ_SEED = 20261202;
/** Cases per target: 500 in the tests; the bench sets SER_FUZZ_RUNS (≥ 10 000). */
export const FUZZ_RUNS = Number(process.env.SER_FUZZ_RUNS ?? 500);
/** Longest a single case may take. */
export const CASE_TIMEOUT_MS = 5000;

const U32 = [0, 1, 2, 3, 8, 16, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

export type ByteMutation =
  | { op: 'set'; at: number; value: number }
  | { op: 'u32'; at: number; value: number; le: boolean }
  | { op: 'u16'; at: number; value: number; le: boolean }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'cut'; at: number; length: number }
  | { op: 'copy'; from: number; to: number; length: number };

/** Mutations that aim at the header (the first 80 bytes) most of the time, anywhere else sometimes. */
export function byteMutations(): fc.Arbitrary<ByteMutation[]> {
  const at = fc.oneof({ weight: 4, arbitrary: fc.nat(80) }, { weight: 1, arbitrary: fc.nat(1 << 16) });
  const mutation: fc.Arbitrary<ByteMutation> = fc.oneof(
    fc.record({ op: fc.constant('set' as const), at, value: fc.nat(255) }),
    fc.record({ op: fc.constant('u32' as const), at, value: fc.constantFrom(...U32), le: fc.boolean() }),
    fc.record({ op: fc.constant('u16' as const), at, value: fc.constantFrom(0, 1, 2, 3, 8, 24, 64, 65, 0x7fff, 0xfffe, 0xffff), le: fc.boolean() }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.oneof(fc.nat(120), fc.nat(1 << 16)) }),
    fc.record({ op: fc.constant('insert' as const), at, bytes: fc.uint8Array({ maxLength: 24 }) }),
    fc.record({ op: fc.constant('cut' as const), at, length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('copy' as const), from: fc.nat(120), to: fc.nat(120), length: fc.integer({ min: 1, max: 40 }) }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 6 });
}

export function applyByteMutations(seed: Uint8Array, mutations: ByteMutation[]): Uint8Array {
  let b = Uint8Array.from(seed);
  for (const m of mutations) {
    const pos = (n: number) => (b.length === 0 ? 0 : n % (b.length + 1));
    switch (m.op) {
      case 'set':
        if (b.length) b[m.at % b.length] = m.value;
        break;
      case 'u32':
      case 'u16': {
        const width = m.op === 'u32' ? 4 : 2;
        if (b.length < width) break;
        const p = m.at % (b.length - width + 1);
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (width === 4) dv.setUint32(p, m.value >>> 0, m.le);
        else dv.setUint16(p, m.value & 0xffff, m.le);
        break;
      }
      case 'truncate':
        b = b.slice(0, pos(m.at));
        break;
      case 'insert': {
        const p = pos(m.at);
        b = Uint8Array.from([...b.subarray(0, p), ...m.bytes, ...b.subarray(p)]);
        break;
      }
      case 'cut': {
        const p = pos(m.at);
        b = Uint8Array.from([...b.subarray(0, p), ...b.subarray(p + m.length)]);
        break;
      }
      case 'copy':
        if (b.length) b.copyWithin(m.to % b.length, m.from % b.length, (m.from % b.length) + m.length);
        break;
    }
  }
  return b;
}

/** Runs an async property with the fixed seed, the run count and the per-case timeout; prints the count and the slowest case. */
export async function fuzz<T>(target: string, arb: fc.Arbitrary<T>, check: (value: T) => Promise<void> | void): Promise<void> {
  let cases = 0;
  let slowest = 0;
  const property = fc.asyncProperty(arb, async (value) => {
    cases++;
    const started = performance.now();
    await check(value);
    const ms = performance.now() - started;
    slowest = Math.max(slowest, ms);
    // A synchronous case cannot be interrupted by the timeout below: time it instead.
    if (ms > CASE_TIMEOUT_MS) throw new Error(`a case took ${ms.toFixed(0)} ms (limit ${CASE_TIMEOUT_MS} ms)`);
  });
  await fc.assert(property, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, timeout: CASE_TIMEOUT_MS, endOnFailure: true });
  console.log(`fuzz: ${target}: ${cases} cases (seed ${FUZZ_SEED}), slowest ${slowest.toFixed(1)} ms, none crashed, hung or failed`);
}
