import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pcm16Wav, tone, writeTessCorpus } from '../../e2e/corpus';
import type { ApiEvent } from './contract';
import type { ShellOptions } from './context';
import { ApiServer } from './server';
import { StateFile } from '../shell/state-file';

const corpus = writeTessCorpus({ speakers: ['OAF', 'YAF'], labels: ['angry', 'sad', 'neutral'], words: ['back', 'bar'], seconds: 1.5, sampleRate: 16000 });
const scratch = mkdtempSync(join(tmpdir(), 'ser-api-'));
afterAll(() => {
  corpus.remove();
  rmSync(scratch, { recursive: true, force: true });
});

function makeApi(overrides: Partial<ShellOptions> = {}, stateFile: string | null = null): { api: ApiServer; events: ApiEvent[] } {
  const api = new ApiServer(
    { shell: 'browser', versions: { node: process.versions.node }, typedPathsGrantAccess: true, modelsDir: join(scratch, 'models'), ...overrides },
    new StateFile(stateFile),
  );
  const events: ApiEvent[] = [];
  api.subscribe((e) => events.push(e));
  return { api, events };
}

describe('ApiServer (browser host policy)', () => {
  const { api, events } = makeApi({}, join(scratch, 'state', 'state.json'));

  it('opens a typed corpus path and reports what the scan found', async () => {
    const view = await api.request('corpus.open', { path: corpus.root });
    expect(view.corpus).toBe('tess');
    expect(view.clips).toHaveLength(corpus.clips);
    expect(view.speakers.sort()).toEqual(corpus.speakers);
    expect(view.labelCounts).toEqual(corpus.labelCounts);
    expect(view.labels).toEqual(['neutral', 'sad', 'angry']); // canonical emotion order
    expect(view.speakerLabelCounts.OAF).toEqual({ angry: 2, sad: 2, neutral: 2 });
    expect(view.totalDurationSeconds).toBeCloseTo(corpus.clips * 1.5, 3);
    expect(view.problems.map((p) => p.path)).toEqual([join(corpus.root, 'OAF_angry', 'OAF_broken_angry.wav')]);
    const progress = events.filter((e) => e.name === 'corpus.scanProgress');
    expect(progress.at(-1)?.payload).toMatchObject({ done: corpus.clips, total: corpus.clips });
  });

  it('remembers the corpus in the recent list, on disk', async () => {
    const { recent } = await api.request('corpus.recent', {});
    expect(recent[0].path).toBe(corpus.root);
    const onDisk = JSON.parse(readFileSync(join(scratch, 'state', 'state.json'), 'utf8'));
    expect(onDisk.recent[0].path).toBe(corpus.root);
  });

  it('computes the inspector features of a clip at its own rate', async () => {
    const path = join(corpus.root, 'YAF_sad', 'YAF_bar_sad.wav');
    const f = await api.request('clip.features', { path });
    expect(f.sampleRate).toBe(16000);
    expect(f.mfcc.shape[0]).toBe(40);
    expect(f.mfcc.shape[1]).toBe(1 + Math.floor((1.5 * 16000) / 512)); // librosa centre framing
    expect(f.mfcc.data).toHaveLength(40 * f.mfcc.shape[1]);
    expect(f.mfcc.data.every(Number.isFinite)).toBe(true);
    expect(f.descriptors.rms.length).toBeGreaterThan(10);
    expect(Math.max(...f.descriptors.rms)).toBeGreaterThan(0.05);
    expect(f.seedWindow).toEqual({ startSeconds: 0.5, endSeconds: 1.5 });
  });

  it('refuses a clip outside the opened folders and a corrupt clip, with clear errors', async () => {
    await expect(api.request('clip.features', { path: '/etc/hostname' })).rejects.toMatchObject({ code: 'forbidden-path' });
    await expect(api.request('clip.features', { path: join(corpus.root, 'OAF_angry', 'OAF_broken_angry.wav') })).rejects.toMatchObject({ code: 'failed' });
  });

  it('refuses a named pipe called .wav at once instead of hanging on it', async () => {
    const fifo = join(corpus.root, 'OAF_angry', 'OAF_pipe_angry.wav');
    execFileSync('mkfifo', [fifo]);
    try {
      await expect(api.request('clip.features', { path: fifo })).rejects.toMatchObject({ code: 'failed', message: expect.stringContaining('named pipe') });
    } finally {
      rmSync(fifo);
    }
  }, 5000);

  it('answers malformed messages with an error response, never a throw', async () => {
    expect(await api.handleMessage({ type: 'request', id: 9, name: 'corpus.open', args: { path: 3 } })).toMatchObject({
      id: 9,
      ok: false,
      error: { code: 'invalid-args' },
    });
    expect(await api.handleMessage({ type: 'request', id: 10, name: 'corpus.explode', args: {} })).toMatchObject({
      id: 10,
      ok: false,
      error: { code: 'unknown-request' },
    });
    expect(await api.handleMessage('garbage')).toMatchObject({ id: -1, ok: false, error: { code: 'invalid-message' } });
  });

  it('has no native dialog in the browser', async () => {
    await expect(api.request('corpus.chooseFolder', {})).rejects.toMatchObject({ code: 'unsupported' });
    expect((await api.request('app.info', {})).nativeDialogs).toBe(false);
    // Before any job: the backend the next job will use, and why (the status bar shows it at once).
    expect((await api.request('app.info', {})).mlBackend).toMatchObject({ state: 'planned', name: expect.stringMatching(/^(tensorflow|wasm)$/) });
  });

  it('opening a missing folder fails with the path in the message', async () => {
    await expect(api.request('corpus.open', { path: join(scratch, 'nope') })).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('nope'),
    });
  });

  it('lists an empty model store (and the model that ships with the app), reports unusable folders, and refuses unknown models and jobs', async () => {
    const { models, modelsDir, unusable } = await api.request('model.list', {});
    expect(modelsDir).toBe(join(scratch, 'models'));
    expect(unusable).toEqual([]);
    // resources/models/tess-sequence: listed, marked built-in, read-only.
    expect(models.map((m) => [m.id, m.builtIn])).toEqual([['tess-sequence', true]]);
    expect(models[0].labels).toHaveLength(7);
    await expect(api.request('model.delete', { id: 'tess-sequence' })).rejects.toMatchObject({ code: 'failed', message: /ships with the app/ });
    await expect(api.request('model.rename', { id: 'tess-sequence', name: 'x' })).rejects.toMatchObject({ message: /cannot be renamed/ });
    expect((await makeApi({ builtInModelsDir: null }).api.request('model.list', {})).models).toEqual([]);
    mkdirSync(join(scratch, 'models', 'half-copied'), { recursive: true });
    writeFileSync(join(scratch, 'models', 'half-copied', 'model.json'), '{}');
    expect((await api.request('model.list', {})).unusable).toEqual([
      { dir: join(scratch, 'models', 'half-copied'), reason: 'missing meta.json (not a model folder, or an incomplete copy)' },
    ]);
    rmSync(join(scratch, 'models', 'half-copied'), { recursive: true });
    await expect(api.request('model.delete', { id: 'missing-model' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.request('job.cancel', { jobId: 'no-such-job' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses to train on a folder that was never opened', async () => {
    const args = {
      corpusDir: scratch,
      preset: 'seed' as const,
      split: { kind: 'random' as const, valFraction: 0.2, seed: 1 },
      epochs: 1,
      batchSize: 8,
      seed: 1,
    };
    await expect(api.request('train.start', args)).rejects.toMatchObject({ code: 'forbidden-path' });
  });
});

describe('startup corpus prefetch', () => {
  it('serves the first corpus.open from the early scan, and rescans after that', async () => {
    const small = writeTessCorpus({ speakers: ['OAF'], labels: ['angry', 'sad'], words: ['back'], seconds: 0.3 });
    try {
      const { api } = makeApi();
      api.prefetchCorpus(await api.grant(small.root));
      expect((await api.request('corpus.open', { path: small.root })).clips).toHaveLength(2);
      writeFileSync(join(small.root, 'OAF_sad', 'OAF_bar_sad.wav'), pcm16Wav(tone(200, 0.3, 16000), 16000));
      expect((await api.request('corpus.open', { path: small.root })).clips).toHaveLength(3);
    } finally {
      small.remove();
    }
  });
});

describe('ApiServer (Electron policy: dialog-granted folders only)', () => {
  it('refuses a typed path until the folder was granted, then opens it', async () => {
    const { api } = makeApi({ shell: 'electron', typedPathsGrantAccess: false });
    await expect(api.request('corpus.open', { path: corpus.root })).rejects.toMatchObject({ code: 'forbidden-path' });
    await api.grant(corpus.root);
    expect((await api.request('corpus.open', { path: corpus.root })).clips).toHaveLength(corpus.clips);
  });

  it('a folder chosen in the dialog is granted', async () => {
    const { api } = makeApi({
      shell: 'electron',
      typedPathsGrantAccess: false,
      dialogs: { chooseFolder: async () => corpus.root, chooseSaveFile: async () => null, chooseModelSource: async () => null },
    });
    expect(await api.request('corpus.chooseFolder', {})).toEqual({ path: corpus.root });
    expect((await api.request('app.info', {})).corpusRoots).toEqual([corpus.root]);
  });
});

describe('typed paths and the folder picker (browser host)', () => {
  const home = mkdtempSync(join(scratch, 'home-'));
  const savedHome = process.env.HOME;
  afterAll(() => {
    if (savedHome === undefined) delete process.env.HOME;
    else process.env.HOME = savedHome;
  });

  it('opens ~/… and paths relative to where the host started, and says where they start in app.info', async () => {
    const { api } = makeApi({ pathBase: dirname(corpus.root) });
    expect((await api.request('app.info', {})).pathBase).toBe(dirname(corpus.root));
    expect((await api.request('corpus.open', { path: basename(corpus.root) })).root).toBe(corpus.root);
    process.env.HOME = dirname(corpus.root);
    expect((await api.request('app.info', {})).homeDir).toBe(dirname(corpus.root));
    expect((await api.request('corpus.open', { path: `~/${basename(corpus.root)}` })).root).toBe(corpus.root);
  });

  it('words a refused request for people, not as request.field: rule', async () => {
    const { api } = makeApi();
    await expect(api.request('corpus.open', { path: '   ' })).rejects.toThrow(/^The folder or file path must not be empty\.$/);
    await expect(api.request('model.delete', { id: '../x' })).rejects.toThrow(/^The model must be a model folder name \(letters, digits, \. _ -\)\.$/);
  });

  it('lists sub-folders of the home folder and of opened folders, and nothing outside them', async () => {
    process.env.HOME = home;
    for (const d of ['corpora/tess', 'corpora/ravdess', '.hidden', 'Music']) mkdirSync(join(home, d), { recursive: true });
    writeFileSync(join(home, 'corpora', 'tess', 'a.wav'), '');
    const { api } = makeApi();
    const top = await api.request('corpus.browse', {});
    expect(top).toMatchObject({ path: home, parent: null, audioFiles: 0, truncated: false, places: [{ label: 'Home', path: home }] });
    expect(top.folders.map((f) => f.name)).toEqual(['corpora', 'Music']);
    const corpora = await api.request('corpus.browse', { path: '~/corpora' });
    expect([corpora.parent, corpora.folders.map((f) => f.name)]).toEqual([home, ['ravdess', 'tess']]);
    expect((await api.request('corpus.browse', { path: join(home, 'corpora', 'tess') })).audioFiles).toBe(1);
    for (const outside of ['/etc', join(home, '..'), corpus.root]) {
      await expect(api.request('corpus.browse', { path: outside })).rejects.toMatchObject({ code: 'forbidden-path' });
    }
    // Once opened, a folder outside home can be browsed (its inside, not its parent).
    await api.request('corpus.open', { path: corpus.root });
    const opened = await api.request('corpus.browse', { path: corpus.root });
    expect(opened.parent).toBeNull();
    expect(opened.folders.map((f) => f.name)).toContain('OAF_angry');
    expect(opened.places.map((p) => p.path)).toEqual([home, corpus.root]);
  });
});

describe('settings: where the folders are, and the feature cache', () => {
  it('names each folder and how it was set, counts the cache and clears it', async () => {
    const cacheDir = mkdtempSync(join(scratch, 'cache-'));
    const saved = process.env.SER_RECORDINGS_DIR;
    process.env.SER_RECORDINGS_DIR = join(scratch, 'recordings');
    try {
      const { api } = makeApi({ cacheDir });
      const before = await api.request('settings.get', {});
      expect(before.folders).toEqual({
        models: { path: join(scratch, 'models'), source: 'option', option: '--models-dir', environment: 'SER_MODELS_DIR' },
        cache: { path: cacheDir, source: 'option', option: '--cache-dir', environment: 'SER_CACHE_DIR' },
        recordings: { path: join(scratch, 'recordings'), source: 'environment', option: '--recordings-dir', environment: 'SER_RECORDINGS_DIR' },
      });
      expect(before.cache).toEqual({ files: 0, bytes: 0 });
      const entry = join(cacheDir, 'seed-x', 'ab', `${'ab'.repeat(20)}.f32`);
      mkdirSync(dirname(entry), { recursive: true });
      writeFileSync(entry, new Uint8Array(100));
      expect((await api.request('settings.get', {})).cache).toEqual({ files: 1, bytes: 100 });
      expect(await api.request('cache.clear', {})).toEqual({ files: 1, bytes: 100 });
      expect((await api.request('settings.get', {})).cache).toEqual({ files: 0, bytes: 0 });
    } finally {
      if (saved === undefined) delete process.env.SER_RECORDINGS_DIR;
      else process.env.SER_RECORDINGS_DIR = saved;
    }
  });
});
