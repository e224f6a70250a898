import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultModelName, findModelFolder, freeModelFolder, modelStamp, safeModelName } from './model-names';

const root = mkdtempSync(join(tmpdir(), 'ser-model-names-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('model names', () => {
  it('names a run after its preset, corpus folder and UTC time', () => {
    const at = new Date('2026-12-02T06:30:15.123Z');
    expect(modelStamp(at)).toBe('20261202-063015');
    expect(defaultModelName('seed', '/data/corpora/tess/', at)).toBe('seed-tess-20261202-063015');
    expect(defaultModelName('seed', ['/data/tess', '/data/ravdess'], at)).toBe('seed-tess-ravdess-20261202-063015');
  });

  it('makes any name a safe folder name', () => {
    expect(safeModelName('my model: v2/final')).toBe('my-model-v2-final');
    expect(safeModelName('../..')).toBe('model');
    expect(safeModelName('x'.repeat(300))).toHaveLength(100);
  });

  it('finds a free folder and looks models up by folder name only', async () => {
    mkdirSync(join(root, 'seed-tess'));
    mkdirSync(join(root, 'seed-tess-2'));
    expect(await freeModelFolder(root, 'seed tess')).toBe('seed-tess-3');
    expect(await freeModelFolder(root, 'other')).toBe('other');
    expect(await findModelFolder(root, 'seed-tess-2')).toBe(join(root, 'seed-tess-2'));
    expect(await findModelFolder(root, 'missing')).toBeUndefined();
    for (const id of ['../x', '.seed-tess', 'a/b']) expect(await findModelFolder(root, id)).toBeUndefined();
  });
});
