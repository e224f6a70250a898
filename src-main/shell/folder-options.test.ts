import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOptions } from './folder-options';

describe('folderOptions', () => {
  it('reads the three folder options in both spellings and ignores the rest', () => {
    expect(folderOptions(['electron', '.', '--open-corpus', '/c', '--models-dir', 'm', '--cache-dir=/var/c', '--recordings-dir', '/r'])).toEqual({
      modelsDir: resolve('m'),
      cacheDir: '/var/c',
      recordingsDir: '/r',
    });
    expect(folderOptions(['--models-dir'])).toEqual({});
  });
});
