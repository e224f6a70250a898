import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNSEEN_VOICE_SETTINGS } from '../../src-renderer/src/lib/train-form';
import { augmentationOf } from '../core/model/augment';
import { makeToneCorpus } from '../testing/train-test-corpus';
import { UsageError } from './command';
import { validateTrainRequest } from '../core/jobs/train-job';
import { trainCommandLine } from '../core/model/train-command';
import { buildRequest, command } from './train';
import { runInProcess } from '../testing/run-in-process';

/** Splits a POSIX command line as a shell would, for the quoting trainCommandLine writes (bare, '…', \'). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/(?:[^\s'\\]+|'[^']*'|\\.)+/g)].map((m) => m[0].replace(/'([^']*)'|\\(.)|([^'\\]+)/g, (_w, q, e, bare) => q ?? e ?? bare));
}

const runTrain = (...argv: string[]) => runInProcess(command, argv);

describe('ser train', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ser-cli-train-'));
    makeToneCorpus(join(work, 'corpus'), 6);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('--json prints JSON Lines events ending with the result line', async () => {
    const out = join(work, 'model');
    const r = await runTrain(
      join(work, 'corpus'),
      '--preset',
      'seed',
      '--split',
      'speaker:YAF',
      '--epochs',
      '2',
      '--batch',
      '8',
      '--seed',
      '3',
      '--out',
      out,
      '--json',
      '--cache-dir',
      join(work, 'cache'),
      '--backend',
      'wasm',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const types = new Set(lines.map((l) => l.type));
    for (const t of ['stage', 'features', 'batch', 'epoch', 'result']) expect(types.has(t)).toBe(true);
    const result = lines.at(-1);
    expect(result.type).toBe('result');
    expect(result.labels).toEqual(['angry', 'neutral', 'sad']);
    expect(result.confusionMatrix).toHaveLength(3);
    expect(result.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(18);
    expect(result.epochs).toHaveLength(2);
    expect(Object.keys(result.epochs[0]).sort()).toEqual(['accuracy', 'epoch', 'loss', 'seconds', 'valAccuracy', 'valLoss']);
    expect(result.backend).toBe('wasm');
    expect(typeof result.valAccuracy).toBe('number');
    expect(typeof result.uar).toBe('number');
    expect(result.split.validationSpeakers).toEqual(['YAF']);
    expect(result.split.trainSpeakers).toEqual(['OAF']);
    expect(existsSync(join(out, 'meta.json'))).toBe(true);
  });

  it('the printed report names the epoch with the lowest validation loss and what the saved weights are', async () => {
    const r = await runTrain(
      join(work, 'corpus'),
      '--split',
      'speaker:YAF',
      '--epochs',
      '3',
      '--batch',
      '8',
      '--seed',
      '3',
      '--out',
      join(work, 'model-h'),
      '--cache-dir',
      join(work, 'cache'),
      '--backend',
      'wasm',
    );
    expect(r.code).toBe(0);
    const note = /Lowest validation loss \d\.\d{4} at epoch (\d) of 3(.*)\n(.*)/.exec(r.stdout);
    expect(note, r.stdout).not.toBeNull();
    if (note![1] === '3') expect(note![2]).toBe(', the last one: the saved weights are the best ones.');
    else expect(note![3]).toBe('--early-stopping N stops after N epochs without a lower validation loss and keeps the best weights.');
  });

  it('parses options into a request with the preset defaults', () => {
    const { request, json } = buildRequest(['corpus', '--out', 'm']);
    expect(json).toBe(false);
    expect(request).toMatchObject({ preset: 'seed', epochs: 30, batchSize: 64, seed: 42, split: { kind: 'random', valFraction: 0.2, seed: 42 } });
    expect(request.outDir).toMatch(/\/m$/);
    const r2 = buildRequest(['c', '--preset', 'sequence', '--split', 'kfold:5:1', '--lr', '0.0005', '--early-stopping', '4', '--seed', '7']).request;
    expect(r2).toMatchObject({ preset: 'sequence', learningRate: 0.0005, earlyStopping: { patience: 4 }, split: { kind: 'kfold', k: 5, fold: 1, seed: 7 } });
  });

  it('rejects bad arguments with usage errors', () => {
    expect(() => buildRequest([])).toThrow(UsageError);
    expect(() => buildRequest(['c', '--preset', 'huge'])).toThrow(/--preset/);
    expect(() => buildRequest(['c', '--epochs', '0'])).toThrow(/--epochs/);
    expect(() => buildRequest(['c', '--batch', 'x'])).toThrow(/--batch/);
    expect(() => buildRequest(['c', '--lr', '-1'])).toThrow(/--lr/);
    expect(() => buildRequest(['c', '--split', 'weird'])).toThrow(/--split/);
    expect(() => buildRequest(['c', '--frobnicate'])).toThrow(UsageError);
  });

  it('the command line the app copies (trainCommandLine) parses back into the same settings', () => {
    const settings = [
      { corpusDir: '/data/tess', preset: 'seed' as const, split: { kind: 'random' as const, valFraction: 0.3, seed: 42 }, epochs: 30, batchSize: 64, seed: 42 },
      {
        corpusDir: "/data/my corpus/it's here",
        preset: 'sequence' as const,
        split: { kind: 'speaker' as const, testSpeakers: ['OAF', 'YAF'] },
        epochs: 5,
        batchSize: 16,
        seed: 7,
        learningRate: 0.0005,
        earlyStopping: { patience: 3 },
        name: 'my run',
      },
      { corpusDir: '/c', preset: 'seed' as const, split: { kind: 'kfold' as const, k: 5, fold: 2, seed: 9 }, epochs: 2, batchSize: 8, seed: 9 },
      {
        corpusDir: '/c',
        preset: 'sequence' as const,
        split: { kind: 'speaker' as const, testSpeakers: ['YAF'] },
        epochs: 2,
        batchSize: 8,
        seed: 9,
        ...structuredClone(UNSEEN_VOICE_SETTINGS),
      },
      {
        corpusDir: '/c',
        preset: 'seed' as const,
        split: { kind: 'speaker' as const, testSpeakers: ['YAF'] },
        epochs: 2,
        batchSize: 8,
        seed: 9,
        augmentation: augmentationOf(['specaugment']),
      },
      {
        corpusDir: '/data/tess',
        extraCorpusDirs: ['/data/ravdess', '/data/my voice'],
        labelMap: { calm: 'neutral' as const, boredom: null, surprise: 'happy' as const },
        preset: 'seed' as const,
        split: { kind: 'speaker' as const, testSpeakers: ['tess/YAF', 'ravdess/Actor_02'] },
        epochs: 2,
        batchSize: 8,
        seed: 9,
      },
      {
        corpusDir: '/a',
        extraCorpusDirs: ['/b'],
        labelMap: {},
        preset: 'seed' as const,
        split: { kind: 'random' as const, valFraction: 0.2, seed: 1 },
        epochs: 1,
        batchSize: 4,
        seed: 1,
      },
    ];
    for (const s of settings) {
      const line = trainCommandLine(s);
      expect(line.startsWith('npx ser train ')).toBe(true);
      const argv = shellWords(line).slice(3);
      const { request } = buildRequest([...argv, '--out', '/tmp/m']);
      const { outDir: _out, ...parsed } = request;
      expect({ ...parsed, name: s.name ?? parsed.name }).toEqual({ ...s, name: s.name ?? parsed.name });
    }
  });

  it('the Train view’s “unheard voices” switches send what --speaker-norm neutral --augment all gives', () => {
    const { request } = buildRequest(['c', '--speaker-norm', 'neutral', '--augment', 'all', '--out', '/tmp/m']);
    expect(request.speakerNormalisation).toEqual(UNSEEN_VOICE_SETTINGS.speakerNormalisation);
    expect(request.augmentation).toEqual(UNSEEN_VOICE_SETTINGS.augmentation);
    expect(() => buildRequest(['c', '--augment', 'reverb'])).toThrow(/--augment: unknown augmentation 'reverb'/);
    expect(() => buildRequest(['c', '--speaker-norm', 'loud'])).toThrow(/--speaker-norm/);
    expect(() => buildRequest(['c', '--augment-copies', '2'])).toThrow(/goes with --augment/);
  });

  it('words a bad value as the training job does, naming the flag', () => {
    const usage = (argv: string[]) => {
      try {
        buildRequest(argv);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    const job = (bad: object) => {
      try {
        validateTrainRequest({
          corpusDir: '/c',
          outDir: '/m',
          preset: 'seed',
          split: { kind: 'random', valFraction: 0.2, seed: 42 },
          epochs: 3,
          batchSize: 8,
          seed: 42,
          ...bad,
        });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    };
    expect(usage(['c', '--epochs', '0'])).toBe(job({ epochs: 0 }).replace(/^epochs:/, '--epochs:'));
    expect(usage(['c', '--batch', '1.5'])).toBe(job({ batchSize: 1.5 }).replace(/^batchSize:/, '--batch:'));
    expect(usage(['c', '--lr', '3'])).toBe(job({ learningRate: 3 }).replace(/^learningRate:/, '--lr:'));
    expect(usage(['c', '--early-stopping', '0'])).toBe(job({ earlyStopping: { patience: 0 } }).replace(/^earlyStopping.patience:/, '--early-stopping:'));
    expect(usage(['c', '--epochs', '0'])).toBe('--epochs: must be ≥ 1');
    expect(usage(['c', '--threads', '3'])).toBe('--threads: must be at most 2');
    expect(buildRequest(['c', '--threads', '1', '--out', '/tmp/m']).request.threads).toBe(1);
  });

  it('reports a missing corpus folder as a failure, not a crash', async () => {
    const r = await runTrain(join(work, 'nope'), '--out', join(work, 'm2'), '--epochs', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/training failed/);
    expect(existsSync(join(work, 'm2'))).toBe(false);
  });
});
