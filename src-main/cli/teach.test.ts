import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainToneModel } from '../testing/train-tone-model';
import { readModelMeta } from '../core/model/store';
import { runInProcess } from '../testing/run-in-process';
import { makeShiftedRecordings, makeToneCorpus } from '../testing/train-test-corpus';
import { UsageError } from './command';
import { command } from './teach';

const teach = (...argv: string[]) => runInProcess(command, [...argv, '--backend', 'wasm']);

describe('ser teach', () => {
  let work: string;
  let models: string;
  let recordings: string;
  const saved = process.env.SER_MODELS_DIR;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ser-cli-teach-'));
    models = join(work, 'models');
    process.env.SER_MODELS_DIR = models;
    process.env.SER_CACHE_DIR = join(work, 'cache');
    makeToneCorpus(join(work, 'corpus'), 8);
    await trainToneModel(work, join(models, 'base'), { epochs: 8, name: 'base' });
    recordings = join(work, 'rec');
    makeShiftedRecordings(recordings, 6);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SER_MODELS_DIR;
    else process.env.SER_MODELS_DIR = saved;
    delete process.env.SER_CACHE_DIR;
    rmSync(work, { recursive: true, force: true });
  });

  it('prints the split, progress, before → after on held-out recordings and the new model id', async () => {
    const r = await teach('base', '--recordings', recordings, '--epochs', '3', '--name', 'my voice');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/recordings: 12 to learn from, 6 held out \(per label, learn\+held out: angry 4\+2, neutral 4\+2, sad 4\+2\)/);
    expect(r.stderr).toMatch(/keeping it close to the model: replay \(\d+ clips of its training corpus .*corpus mixed in\)/);
    expect(r.stderr).toMatch(/epoch 3\/3: loss/);
    expect(r.stdout).toMatch(/accuracy \d\.\d{3} → \d\.\d{3}/);
    expect(r.stdout).toMatch(/New model: my-voice \(/);
    const meta = await readModelMeta(join(models, 'my-voice'));
    expect(meta.teach?.sourceModel).toEqual({ id: 'base', name: 'base' });
    expect(meta.teach?.epochs).toBe(3);
  });

  it('--json prints JSON Lines events ending with the result', async () => {
    const r = await teach('base', '--recordings', recordings, '--epochs', '1', '--seed', '5', '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.type === 'plan')).toMatchObject({ fineTune: 12, heldOut: 6, method: 'replay' });
    const result = lines.at(-1);
    expect(result.type).toBe('result');
    expect(result.modelId).toMatch(/^base-taught-\d{8}-\d{6}$/);
    expect(existsSync(join(models, result.modelId, 'meta.json'))).toBe(true);
    expect(Object.keys(result.before)).toEqual(expect.arrayContaining(['accuracy', 'uar', 'confusionMatrix']));
  });

  it('says clearly what is wrong: a missing model, an empty or too small folder, a bad option', async () => {
    await expect(teach('nope', '--recordings', recordings)).rejects.toThrow(/no model named 'nope'/);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const e = await teach('base', '--recordings', empty);
    expect([e.code, e.stderr]).toEqual([1, expect.stringMatching(/cannot teach base: there are no labelled recordings/)]);
    const few = join(work, 'few');
    makeShiftedRecordings(few, 2, 'me', ['angry', 'sad']);
    const f = await teach('base', '--recordings', few);
    expect([f.code, f.stderr]).toEqual([1, expect.stringMatching(/at least 6 recordings the model can learn from; there are 4/)]);
    const missing = await teach('base', '--recordings', join(work, 'nowhere'));
    expect(missing.stderr).toMatch(/cannot read the recordings: no such folder/);
    await expect(teach('base', '--epochs', '0')).rejects.toThrow(UsageError);
  });
});
