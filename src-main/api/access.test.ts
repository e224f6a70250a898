import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusAccess } from './access';
import { ApiError } from './errors';

const base = mkdtempSync(join(tmpdir(), 'ser-access-'));
const corpus = join(base, 'corpus');
const outside = join(base, 'outside');
mkdirSync(join(corpus, 'OAF_angry'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(corpus, 'OAF_angry', 'a.wav'), 'x');
writeFileSync(join(outside, 'secret.wav'), 'x');
writeFileSync(join(base, 'corpus-sibling.wav'), 'x');
symlinkSync(join(outside, 'secret.wav'), join(corpus, 'escape.wav'));
symlinkSync(outside, join(corpus, 'escape-dir'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return (err as ApiError).code;
  }
}

describe('CorpusAccess', () => {
  const access = new CorpusAccess();

  it('refuses everything before a folder is granted', async () => {
    expect(await code(access.check(join(corpus, 'OAF_angry', 'a.wav')))).toBe('forbidden-path');
  });

  it('grants a folder and allows files inside it', async () => {
    await access.grant(corpus);
    expect(await access.check(join(corpus, 'OAF_angry', 'a.wav'))).toBe(join(corpus, 'OAF_angry', 'a.wav'));
    expect(await access.check(corpus)).toBe(corpus);
  });

  it('refuses .. escapes, prefix look-alikes and absolute paths elsewhere', async () => {
    expect(await code(access.check(join(corpus, '..', 'outside', 'secret.wav')))).toBe('forbidden-path');
    expect(await code(access.check(join(base, 'corpus-sibling.wav')))).toBe('forbidden-path');
    expect(await code(access.check('/etc/passwd'))).toBe('forbidden-path');
    expect(await code(access.check('relative/a.wav'))).toBe('invalid-args');
  });

  it('refuses symlinks that lead outside the granted folder', async () => {
    expect(await code(access.check(join(corpus, 'escape.wav')))).toBe('forbidden-path');
    expect(await code(access.check(join(corpus, 'escape-dir', 'secret.wav')))).toBe('forbidden-path');
  });

  it('does not reveal whether a file outside exists', async () => {
    expect(await code(access.check(join(outside, 'missing.wav')))).toBe('forbidden-path');
    expect(await code(access.check(join(corpus, 'missing.wav')))).toBe('not-found');
  });

  it('refuses to grant a missing folder or a file', async () => {
    expect(await code(new CorpusAccess().grant(join(base, 'nope')))).toBe('not-found');
    expect(await code(new CorpusAccess().grant(join(outside, 'secret.wav')))).toBe('failed');
    expect(await code(new CorpusAccess().grant('/'))).toBe('invalid-args');
  });
});
