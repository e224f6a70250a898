import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appHostOf } from '../electron/ipc-channels';
import { StateFile } from './state-file';

const dir = mkdtempSync(join(tmpdir(), 'ser-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('StateFile', () => {
  it('starts empty when the file is missing or corrupt', async () => {
    expect(await new StateFile(join(dir, 'missing.json')).load()).toEqual({ recent: [] });
    writeFileSync(join(dir, 'corrupt.json'), '{"recent": [1, 2');
    expect(await new StateFile(join(dir, 'corrupt.json')).load()).toEqual({ recent: [] });
  });

  it('keeps recent folders newest first, without repeats, at most 10, and leaves no temp files', async () => {
    const file = join(dir, 'sub', 'state.json');
    const s = new StateFile(file);
    await s.load();
    for (let i = 0; i < 12; i++) await s.addRecent(`/corpus/${i}`);
    await s.addRecent('/corpus/5');
    const again = await new StateFile(file).load();
    expect(again.recent.map((r) => r.path)).toEqual([
      '/corpus/5',
      '/corpus/11',
      '/corpus/10',
      '/corpus/9',
      '/corpus/8',
      '/corpus/7',
      '/corpus/6',
      '/corpus/4',
      '/corpus/3',
      '/corpus/2',
    ]);
    expect(again.lastCorpus).toBe('/corpus/5');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['state.json']);
  });

  it('drops malformed fields instead of trusting them', async () => {
    writeFileSync(join(dir, 'odd.json'), JSON.stringify({ recent: [{ path: 3 }, { path: '/ok', openedAt: 'x' }], window: { width: 'wide' }, lastCorpus: 7 }));
    expect(await new StateFile(join(dir, 'odd.json')).load()).toEqual({ recent: [{ path: '/ok', openedAt: 'x' }] });
  });

  it('remembers window bounds', async () => {
    const file = join(dir, 'win.json');
    const s = new StateFile(file);
    await s.update((st) => (st.window = { x: 10, y: 20, width: 1000, height: 700, maximized: false }));
    expect(JSON.parse(readFileSync(file, 'utf8')).window).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
  });
});

describe('appHostOf', () => {
  it('names the app:// host and nothing else', () => {
    expect(appHostOf('app://renderer/index.html')).toBe('renderer');
    expect(appHostOf('app://renderer')).toBe('renderer');
    expect(appHostOf('app://media/clip?path=%2Fa')).toBe('media');
    expect(appHostOf('https://renderer/index.html')).toBeNull();
    expect(appHostOf('file:///etc/passwd')).toBeNull();
    expect(appHostOf('not a url')).toBeNull();
  });
});
