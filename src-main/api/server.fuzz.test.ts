/**
 * Property-based fuzzing of every api request: valid request messages, mutated (a field replaced by
 * a hostile value, removed, an unknown field added, the name swapped, the message replaced), always
 * get a response message with a known error code and words; never a throw, a crash or a hang.
 * The valid bases name things that do not exist where a request would otherwise start work.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTessCorpus } from '../../e2e/corpus';
import { FUZZ_RUNS, fuzz } from '../testing/fuzz';
import { writeModelFolder } from '../testing/model-folder';
import { StateFile } from '../shell/state-file';
import type { ApiErrorCode, RequestName } from './contract';
import { ApiServer } from './server';

const CODES: ApiErrorCode[] = ['invalid-message', 'unknown-request', 'invalid-args', 'forbidden-path', 'not-found', 'unsupported', 'not-available', 'failed'];
const corpus = writeTessCorpus({ speakers: ['OAF'], labels: ['angry', 'sad'], words: ['back', 'bar'], seconds: 0.6 });
const work = mkdtempSync(join(tmpdir(), 'ser-api-fuzz-'));
let api: ApiServer;

function bases(): Record<RequestName, unknown> {
  const clip = join(corpus.root, 'OAF_angry', 'OAF_back_angry.wav');
  const train = { corpusDir: corpus.root, preset: 'seed', split: { kind: 'random', valFraction: 0.2, seed: 1 }, epochs: 1, batchSize: 8, seed: 1 };
  return {
    'app.info': {},
    'corpus.open': { path: corpus.root },
    'corpus.chooseFolder': {},
    'corpus.recent': {},
    'corpus.browse': { path: corpus.root },
    'settings.get': {},
    'cache.clear': {},
    'clip.features': { path: clip },
    'train.corpora': { corpusDir: corpus.root, extraCorpusDirs: [join(work, 'never-opened')], labelMap: { calm: 'neutral' } },
    'train.preview': train,
    'train.start': { ...train, corpusDir: join(work, 'never-opened') },
    'evaluate.start': { modelId: 'no-such-model', corpusDir: corpus.root },
    'job.cancel': { jobId: 'no-such-job' },
    'jobs.list': {},
    'model.list': {},
    'model.delete': { id: 'no-such-model' },
    'model.rename': { id: 'm1', name: 'renamed' },
    'model.export': { id: 'm1', destination: join(work, 'not-opened', 'm1.zip') },
    'model.import': { source: join(work, 'missing.zip') },
    'live.start': { modelId: 'no-such-model', sampleRate: 16000, hangoverMs: 300, source: 'microphone' },
    'live.end': { sessionId: 'no-such-session' },
    'live.stop': { sessionId: 'no-such-session' },
    'live.calibrate': { sessionId: 'no-such-session', utteranceIds: ['no-such-utterance'], speaker: 'me' },
    'live.forgetCalibration': { sessionId: 'no-such-session' },
    'live.save': { utteranceId: 'no-such-utterance', label: 'angry', speaker: 'me' },
    'teach.recordings': {},
    'teach.start': { modelId: 'no-such-model', epochs: 2, seed: 1 },
  };
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom<unknown>(null, undefined, NaN, Infinity, -Infinity, -0, 1e308, -1, 2 ** 53, 0.5, true, [], {}),
  fc.constantFrom<unknown>('', '\0', '..', '/', '/etc/passwd', '~', '../../..', 'C:\\Windows', '%2e%2e', 'x'.repeat(20_000), '__proto__', '\u{1F600}\uD800'),
  fc.constantFrom<unknown>({ __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: {} } }),
  fc.constantFrom<unknown>(
    new Array(20_000).fill(0.5),
    Array.from({ length: 50 }, () => 'a'),
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

type Path = (string | number)[];
function paths(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...at, k]))];
}
function edit(message: unknown, path: Path, change: (parent: Record<string | number, unknown>, key: string | number) => void): unknown {
  const copy = structuredClone(message) as Record<string | number, unknown>;
  if (path.length === 0) return copy;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  change(parent, path.at(-1)!);
  return copy;
}

/** A valid request message with one to three mutations. */
function mutatedRequests(base: RequestName, names: RequestName[], all: Record<RequestName, unknown>): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    op: fc.constantFrom('set', 'delete', 'add', 'rename', 'swap-args', 'replace'),
    where: fc.nat(),
    value: hostile,
    key: fc.string({ maxLength: 12 }),
    other: fc.constantFrom(...names),
  });
  return fc.tuple(fc.nat(10_000), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([id, ms]) => {
    let msg: unknown = { type: 'request', id, name: base, args: all[base] };
    for (const m of ms) {
      const here = paths(msg);
      const path = here[m.where % here.length]!;
      if (m.op === 'replace') msg = m.value;
      else if (m.op === 'rename') msg = edit(msg, ['name'], (p, k) => (p[k] = m.other));
      else if (m.op === 'swap-args') msg = edit(msg, ['args'], (p, k) => (p[k] = structuredClone(all[m.other])));
      else if (m.op === 'delete') msg = edit(msg, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]));
      else if (m.op === 'add')
        msg = edit(msg, path.slice(0, -1), (p, k) => typeof p[k] === 'object' && p[k] !== null && ((p[k] as Record<string, unknown>)[m.key] = m.value));
      else msg = path.length === 0 ? m.value : edit(msg, path, (p, k) => (p[k] = m.value));
      if (msg === null || typeof msg !== 'object') break;
    }
    return msg;
  });
}

beforeAll(async () => {
  writeModelFolder(join(work, 'models', 'm1'), 'one');
  api = new ApiServer(
    {
      shell: 'browser',
      versions: {},
      typedPathsGrantAccess: false,
      modelsDir: join(work, 'models'),
      exportsDir: join(work, 'exports'),
      cacheDir: join(work, 'cache'),
    },
    new StateFile(null),
  );
  await api.grant(corpus.root);
});
afterAll(() => {
  api.dispose();
  corpus.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('api request fuzzing (fast-check, fixed seed)', () => {
  const all = bases();
  const names = Object.keys(all) as RequestName[];
  const seen = new Set<string>();
  for (const name of names) {
    it(`${name}, mutated: ${FUZZ_RUNS} cases get a response with a known error code, never a throw or a hang`, async () => {
      // The base is valid: alone it gets an answer (ok, or refused for what it names).
      expect((await api.handleMessage({ type: 'request', id: 1, name, args: all[name] })).type).toBe('response');
      await fuzz(`api ${name}`, mutatedRequests(name, names, all), async (message) => {
        const response = await api.handleMessage(message);
        expect(response.type).toBe('response');
        if (!response.ok) {
          expect(CODES).toContain(response.error.code);
          expect(typeof response.error.message).toBe('string');
          expect(response.error.message.length).toBeGreaterThan(0);
          expect(response.error.message).not.toMatch(/\n\s+at /); // no stack traces
          seen.add(response.error.code);
        } else seen.add('ok');
        api.context.jobs.cancelAll();
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });
  }
  it('reached every kind of answer', () => {
    for (const outcome of ['ok', 'invalid-message', 'unknown-request', 'invalid-args', 'not-found', 'forbidden-path', 'unsupported'])
      expect(seen, outcome).toContain(outcome);
  });
});
