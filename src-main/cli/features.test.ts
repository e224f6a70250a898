import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempTree } from '../testing/test-tree';
import { runInProcess } from '../testing/run-in-process';
import { command } from './features';

const trees: ReturnType<typeof tempTree>[] = [];
afterEach(() => {
  while (trees.length) trees.pop()!.remove();
});

describe('ser features', () => {
  it('lists a named pipe given by name as a problem instead of hanging on it, and exits 1', async () => {
    const t = tempTree();
    trees.push(t);
    execFileSync('mkfifo', [t.path('x.wav')]);
    const r = await runInProcess(command, [t.path('x.wav'), '--json', '--no-cache']);
    expect(r.stderr).toContain(`skipped ${t.path('x.wav')}: it is a named pipe (FIFO), not a regular file`);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  }, 5000);

  it('exits 1 when a folder gives no features at all (every file failed)', async () => {
    const t = tempTree();
    trees.push(t);
    t.write('angry/a.wav', 'not audio');
    t.write('sad/b.wav', new Uint8Array(0));
    const r = await runInProcess(command, [t.root, '--no-cache']);
    expect(r.stderr).toContain('no features were produced');
    expect(r.code).toBe(1);
  });
});
