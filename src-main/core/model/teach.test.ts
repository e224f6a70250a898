import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../audio/decode';
import { trainToneModel } from '../../testing/train-tone-model';
import { makeShiftedRecordings, makeToneCorpus, toneWav } from '../../testing/train-test-corpus';
import { ModelCache, predictAudio } from './predict';
import { loadModel, ModelStoreError, readModelMeta } from './store';
import { TRAINED_LAST_LAYERS, teachModel } from './teach';
import { TeachRecordingsError } from './teach-split';
import { TeachCancelledError, type TeachEvent, type TeachRequest } from './teach-types';

/** Every file of a folder with a hash of its bytes: "untouched" means this does not change. */
const folderPrint = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}`,
    );

describe('teaching a model a new voice (generated audio)', () => {
  let work: string;
  let source: string;
  let recordings: string;
  const request = (over: Partial<TeachRequest>): TeachRequest => ({
    modelDir: source,
    recordingsDir: recordings,
    outDir: join(work, 'models', `taught-${Math.random().toString(36).slice(2)}`),
    cacheDir: join(work, 'cache'),
    backend: 'wasm',
    epochs: 8,
    ...over,
  });

  /** A seed model trained on the tone corpus in `work`. */
  const trainSource = (outDir: string) => trainToneModel(work, outDir, { epochs: 10 });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ser-teach-'));
    makeToneCorpus(join(work, 'corpus'), 12);
    source = join(work, 'models', 'source');
    await trainSource(source);
    recordings = join(work, 'My recordings');
    makeShiftedRecordings(recordings, 8);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('replays the corpus, improves held-out accuracy on the new voice, leaves the source untouched and records where the model came from', async () => {
    const before = folderPrint(source);
    const events: TeachEvent[] = [];
    const r = await teachModel(request({ name: 'my voice' }), { onEvent: (e) => events.push(e) });
    console.log(
      `teach (replay): held-out accuracy ${r.before.accuracy.toFixed(3)} → ${r.after.accuracy.toFixed(3)}, UAR ${r.before.uar.toFixed(3)} → ${r.after.uar.toFixed(3)}`,
    );
    expect(folderPrint(source)).toEqual(before);
    expect(r.plan).toMatchObject({ method: 'replay', fineTune: 18, heldOut: 6, unknownLabels: {} });
    expect(r.plan.replayed).toBe(12 * 3);
    expect(r.before.total).toBe(6);
    expect(r.after.accuracy).toBeGreaterThanOrEqual(r.before.accuracy + 0.5);
    expect(r.after.uar).toBeGreaterThan(r.before.uar);

    const stages = events.flatMap((e) => (e.type === 'stage' ? [e.stage] : []));
    expect(stages).toEqual(['scan', 'features', 'before', 'fine-tune', 'after', 'saving']);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => [e.epoch, e.epochs])).toEqual(Array.from({ length: 8 }, (_, i) => [i + 1, 8]));

    const meta = await readModelMeta(r.modelDir);
    expect(meta.name).toBe('my voice');
    expect(meta.teach).toMatchObject({
      sourceModel: { id: 'source', name: 'source' },
      recordingsDir: recordings,
      method: 'replay',
      replayCorpora: [join(work, 'corpus')],
      counts: { fineTune: 18, heldOut: 6, replayed: 36, unknownLabel: 0 },
      epochs: 8,
      before: { accuracy: r.before.accuracy, uar: r.before.uar },
      after: { accuracy: r.after.accuracy, uar: r.after.uar },
    });
    expect(meta.split.validationPaths.sort()).toEqual(meta.teach!.heldOutPaths.sort());

    // The new model loads and predicts, a held-out recording as its label.
    const cache = new ModelCache();
    const loaded = await cache.get(r.modelDir);
    const clip = r.after.predictions!.find((p) => p.label === p.predicted)!;
    const heard = predictAudio(loaded, decodeAudio(readFileSync(clip.path), clip.path));
    expect(heard.label).toBe(clip.label);
    // Replay kept the corpus voices: the source's validation clips are still heard right.
    const corpusClips = (await readModelMeta(source)).split.validationPaths;
    const right = corpusClips.filter((p) => predictAudio(loaded, decodeAudio(readFileSync(p), p)).label === /_([a-z]+)\.wav$/.exec(p)![1]).length;
    expect(right / corpusClips.length).toBeGreaterThanOrEqual(0.9);
    cache.clear();
  });

  it('without the corpus on disk, trains only the last layers: the others keep the source weights', async () => {
    const away = join(work, 'models', 'no-corpus');
    cpSync(source, away, { recursive: true });
    const metaFile = join(away, 'meta.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    writeFileSync(metaFile, JSON.stringify({ ...meta, corpus: { ...meta.corpus, root: join(work, 'gone') } }));
    const r = await teachModel(request({ modelDir: away }));
    expect(r.plan.method).toBe('frozen-layers');
    expect(r.plan.replayed).toBe(0);
    expect(r.plan.methodDetail).toMatch(/not on disk/);
    const [a, b] = [await loadModel(away), await loadModel(r.modelDir)];
    const weighted = a.model.layers.filter((l) => l.weights.length > 0);
    weighted.forEach((layer, i) => {
      const same = layer.getWeights().every((w, k) => {
        const other = b.model.getLayer(layer.name).getWeights()[k];
        return Buffer.compare(Buffer.from(w.dataSync().buffer), Buffer.from(other.dataSync().buffer)) === 0;
      });
      expect([layer.name, same]).toEqual([layer.name, i < weighted.length - TRAINED_LAST_LAYERS]);
    });
    expect(b.meta.teach?.trainedLayers).toEqual(weighted.slice(-TRAINED_LAST_LAYERS).map((l) => l.name));
    a.model.dispose();
    b.model.dispose();
  });

  it('leaves out recordings of labels the model does not know and says how many', async () => {
    const mixed = join(work, 'mixed');
    makeShiftedRecordings(mixed, 4, 'me', ['angry', 'sad', 'happy']);
    const r = await teachModel(request({ recordingsDir: mixed, epochs: 1 }));
    expect(r.plan.unknownLabels).toEqual({ happy: 4 });
    expect(r.plan.fineTune + r.plan.heldOut).toBe(8);
    expect((await readModelMeta(r.modelDir)).teach?.counts.unknownLabel).toBe(4);
  });

  it('refuses too few recordings, a missing or empty folder and an existing output folder, writing nothing', async () => {
    const few = join(work, 'few');
    makeShiftedRecordings(few, 2, 'me', ['angry', 'sad']);
    const empty = join(work, 'empty');
    mkdirSync(join(empty, 'me', 'angry'), { recursive: true });
    const out = join(work, 'models', 'never');
    await expect(teachModel(request({ recordingsDir: few, outDir: out }))).rejects.toThrow(/at least 6 recordings .* there are 4/);
    await expect(teachModel(request({ recordingsDir: join(work, 'nowhere'), outDir: out }))).rejects.toBeInstanceOf(TeachRecordingsError);
    await expect(teachModel(request({ recordingsDir: empty, outDir: out }))).rejects.toThrow(/no labelled recordings/);
    const wrong = join(work, 'wrong');
    mkdirSync(join(wrong, 'songs'), { recursive: true });
    writeFileSync(join(wrong, 'songs', 'tune.wav'), toneWav(300, 1));
    await expect(teachModel(request({ recordingsDir: wrong, outDir: out }))).rejects.toThrow(
      /holds no recordings in <speaker>\/<label>\/ folders .* 1 file\(s\) skipped \(first: .*tune\.wav: unknown label folder 'songs'\)/,
    );
    await expect(teachModel(request({ outDir: source }))).rejects.toBeInstanceOf(ModelStoreError);
    await expect(teachModel(request({ modelDir: join(work, 'models', 'missing'), outDir: out }))).rejects.toBeInstanceOf(ModelStoreError);
    expect(existsSync(out)).toBe(false);
  });

  it('stops on abort between batches and writes no model', async () => {
    const controller = new AbortController();
    const out = join(work, 'models', 'aborted');
    const taught = teachModel(request({ outDir: out }), { signal: controller.signal, onEvent: (e) => e.type === 'batch' && controller.abort() });
    await expect(taught).rejects.toBeInstanceOf(TeachCancelledError);
    expect(existsSync(out)).toBe(false);
  });
});
