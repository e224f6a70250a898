import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverModelStore } from './store-recovery';
import { writeModelFolder } from '../../testing/model-folder';

let work: string;
let child: string;

const nameIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')).name as string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ser-store-recovery-'));
  // The child runs the real installFolder from a bundle (plain node cannot run TypeScript).
  child = join(work, 'install-and-die.mjs');
  await build({ entryPoints: ['src-main/testing/install-and-die.ts'], bundle: true, platform: 'node', format: 'esm', outfile: child, logLevel: 'error' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('model store recovery after a process is killed during a replace', () => {
  for (const [step, expected] of [
    ['staged', 'old'],
    ['moved-aside', 'new'],
    ['installed', 'new'],
  ] as const) {
    it(`killed ${step === 'staged' ? 'before the first rename' : `after step ${step}`}: the ${expected} model is in place and no hidden folder is left`, async () => {
      const root = join(work, step);
      const target = join(root, 'my-model');
      writeModelFolder(target, 'old');
      writeModelFolder(join(work, `${step}-new`), 'new');
      const r = spawnSync(process.execPath, [child, join(work, `${step}-new`), target, step]);
      expect(r.signal).toBe('SIGKILL');
      const actions = await recoverModelStore(root); // the child's pid is dead now
      expect(nameIn(target)).toBe(expected);
      expect(readdirSync(root)).toEqual(['my-model']);
      expect(actions.length).toBeGreaterThan(0);
    });
  }

  it('removes a half-written save and the temp file of an interrupted rename; leaves a live process alone', async () => {
    const root = join(work, 'half');
    writeModelFolder(join(root, 'kept'), 'kept');
    mkdirSync(join(root, '.fresh.saving-999999-0badf00d')); // no meta.json: the save never finished
    writeFileSync(join(root, 'kept', '.meta.json.renaming-999999-00c0ffee'), '{');
    const live = `.busy.saving-${process.pid}-deadbeef`;
    mkdirSync(join(root, live));
    await recoverModelStore(root, (pid) => pid === process.pid);
    expect(readdirSync(root).sort()).toEqual([live, 'kept']);
    expect(readdirSync(join(root, 'kept')).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
  });
});
