import { spawn } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPRESSED_FORMATS, FFMPEG_FORMATS, ffmpegConvert, skipWithoutFfmpeg } from '../testing/ffmpeg-fixtures';
import { tempTree, wavBytes } from '../testing/test-tree';
import { command } from './scan';
import { runInProcess } from '../testing/run-in-process';

const runScan = (...argv: string[]) => runInProcess(command, argv);

const trees: ReturnType<typeof tempTree>[] = [];
afterEach(() => {
  while (trees.length) trees.pop()!.remove();
});

describe('ser scan', () => {
  it('--json prints one object with the manifest summary and the clips', async () => {
    const t = tempTree();
    trees.push(t);
    for (let i = 0; i < 3; i++) t.write(`Actor_0${i + 1}/03-01-0${i + 3}-01-01-01-0${i + 1}.wav`);
    t.write('Actor_01/03-01-11-01-01-01-01.wav');
    symlinkSync(t.root, t.path('Actor_01/up'));
    const r = await runScan(t.root, '--json');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]);
    expect(json).toMatchObject({
      root: t.root,
      corpus: 'ravdess',
      clipCount: 3,
      speakers: ['01', '02', '03'],
      labelCounts: { happy: 1, sad: 1, angry: 1 },
      speakerCounts: { '01': 1, '02': 1, '03': 1 },
      problems: [{ path: t.path('Actor_01/03-01-11-01-01-01-01.wav'), reason: 'unknown RAVDESS emotion code 11 (expected 01–08)' }],
      duplicates: [],
    });
    expect(json.clips).toHaveLength(3);
    expect(json.totalDurationSeconds).toBeCloseTo(0.75, 3);
  });

  it.skipIf(skipWithoutFfmpeg)('lists a folder with one file of each format, each clip with its format and header facts', async () => {
    const t = tempTree();
    trees.push(t);
    const wav = t.write('angry/a.wav', wavBytes({ sampleRate: 22050, seconds: 1 }));
    for (const [i, format] of COMPRESSED_FORMATS.entries())
      ffmpegConvert(wav, format, t.path(`angry/${String.fromCharCode(98 + i)}.${FFMPEG_FORMATS[format].ext}`));
    const r = await runScan(t.root, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.problems).toEqual([]);
    const clips = json.clips.map((c: { relPath: string; format: string; sampleRate: number; durationSeconds: number }) => [
      c.relPath,
      c.format,
      c.sampleRate,
      Math.round(c.durationSeconds * 1000),
    ]);
    expect(clips).toEqual([
      ['angry/a.wav', 'wav', 22050, 1000],
      ['angry/b.flac', 'flac', 22050, 1000],
      ['angry/c.mp3', 'mp3', 22050, 1000],
      ['angry/d.ogg', 'ogg-vorbis', 22050, 1000],
      ['angry/e.opus', 'ogg-opus', 48000, 1000],
      ['angry/f.webm', 'webm-opus', 48000, 1000],
    ]);
    expect(json.formatCounts).toEqual({ wav: 1, flac: 1, mp3: 1, 'ogg-vorbis': 1, 'ogg-opus': 1, 'webm-opus': 1 });
    expect((await runScan(t.root)).stdout).toMatch(/formats\s+wav 1, flac 1, mp3 1, ogg-vorbis 1, ogg-opus 1, webm-opus 1\n/);
  });

  it('prints a short summary without --json', async () => {
    const t = tempTree();
    trees.push(t);
    t.write('angry/a.wav');
    t.write('angry/b.wav');
    t.write('calm/c.wav');
    t.write('calm/d.wav', 'not audio');
    const r = await runScan(t.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('folder-per-label');
    expect(r.stdout).toMatch(/clips\s+3 /);
    expect(r.stdout).toContain('calm 1, angry 2');
    expect(r.stdout).toMatch(/problems\s+1\n.*calm\/d\.wav: /);
  });

  it('fails with exit code 1 and a clear message for a missing folder, a file, or a folder without audio', async () => {
    const t = tempTree();
    trees.push(t);
    const file = t.write('x/a.wav');
    t.write('docs/readme.txt', 'hello');
    expect(await runScan(t.path('nope'))).toMatchObject({ code: 1, stdout: '', stderr: `ser: no such folder: ${t.path('nope')}\n` });
    expect(await runScan(file)).toMatchObject({ code: 1, stderr: `ser: not a folder: ${file}\n` });
    const empty = await runScan(t.path('docs'), '--json');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe(`ser: no audio clips found in ${t.path('docs')}\n`);
  });

  it('exits quietly when the reader of its output goes away (ser scan --json | head)', async () => {
    const t = tempTree();
    trees.push(t);
    for (let i = 0; i < 3; i++) t.write(`angry/a${i}.wav`);
    const cli = resolve(import.meta.dirname, '../../dist-main/cli/main.js');
    const child = spawn(process.execPath, [cli, 'scan', t.root, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write: every write fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('rejects a wrong call as a usage error', async () => {
    await expect(command.run([])).rejects.toThrow(/one folder/);
    await expect(command.run(['a', '--bogus'])).rejects.toThrow(/bogus/);
  });
});

const tessDir = resolve(import.meta.dirname, '../../../shared/data/tess');
if (!existsSync(tessDir)) console.warn(`cli/scan.test: ${tessDir} is absent; skipping the real TESS scan`);
describe.skipIf(!existsSync(tessDir))('ser scan ../shared/data/tess --json', () => {
  it('reports 1427 clips, 2 speakers, 7 labels and no problems', async () => {
    const r = await runScan(tessDir, '--json');
    const json = JSON.parse(r.stdout);
    console.log(`ser scan ${tessDir}: ${json.clipCount} clips, ${json.totalDurationSeconds} s of audio, scanned in ${json.scanSeconds} s`);
    expect([r.code, json.corpus, json.clipCount, json.speakers, Object.keys(json.labelCounts).length, json.problems]).toEqual([
      0,
      'tess',
      1427,
      ['OAF', 'YAF'],
      7,
      [],
    ]);
  });
});
