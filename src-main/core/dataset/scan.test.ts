import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CorpusScanError, scanCorpus } from './scan';
import { aiffBytes, tempTree, wavBytes, wavWithLeadingChunk } from '../../testing/test-tree';

const trees: ReturnType<typeof tempTree>[] = [];
const tree = () => {
  const t = tempTree();
  trees.push(t);
  return t;
};
afterEach(() => {
  while (trees.length) trees.pop()!.remove();
});
const two = (n: number) => String(n).padStart(2, '0');

describe('scanCorpus on generated corpora', () => {
  it('TESS: speaker from the folder, mixed folder case, AIFF under .wav, nested duplicate copy counted once', async () => {
    const t = tree();
    const top = 'TESS Toronto emotional speech set data';
    const files: Record<string, Uint8Array> = {
      'OAF_Fear/OAF_food_fear.wav': wavBytes({ sampleRate: 96000, seconds: 0.1 }),
      'OAF_Pleasant_surprise/OAF_dog_ps.wav': wavBytes(),
      'OAF_neutral/OA_bite_neutral.wav': wavBytes(),
      'OAF_neutral/OAF_back_neutral.wav': wavBytes(),
      'YAF_angry/YAF_germ_angry.wav': aiffBytes({ sampleRate: 24414 }),
      'YAF_pleasant_surprised/YAF_dog_ps.wav': wavBytes(),
      'YAF_sad/YAF_bite_sad.wav': wavBytes({ seconds: 1 }),
      'YAF_fear/YAF_food_fear.wav': wavBytes({ sampleRate: 24414, seconds: 3 }), // > 64 KiB: hashed whole
    };
    for (const [rel, bytes] of Object.entries(files)) {
      t.write(`${top}/${rel}`, bytes);
      t.write(`tess toronto emotional speech set data/${top}/${rel}`, bytes);
    }
    t.write(`${top}/README.txt`, 'not audio');
    const m = await scanCorpus(t.root);
    expect(m.corpus).toBe('tess');
    expect(m.problems).toEqual([]);
    expect(m.clips.map((c) => c.relPath)).toEqual(
      Object.keys(files)
        .map((r) => `${top}/${r}`)
        .sort(),
    );
    expect(m.duplicates).toHaveLength(8);
    for (const d of m.duplicates) {
      expect(d.path.startsWith(t.path('tess toronto emotional speech set data/'))).toBe(true);
      expect(d.path.endsWith(d.sameAs.slice(t.root.length))).toBe(true);
    }
    expect(m.speakers).toEqual(['OAF', 'YAF']);
    expect(m.labelCounts).toEqual({ neutral: 2, sad: 1, angry: 1, fear: 2, surprise: 2 });
    expect(Object.keys(m.labelCounts)).toEqual(['neutral', 'sad', 'angry', 'fear', 'surprise']);
    const byName = new Map(m.clips.map((c) => [c.relPath.split('/').at(-1), c]));
    expect(byName.get('OA_bite_neutral.wav')).toMatchObject({ speaker: 'OAF', label: 'neutral', rawLabel: 'neutral', utterance: 'bite', corpus: 'tess' });
    expect(byName.get('YAF_germ_angry.wav')).toMatchObject({ format: 'aiff', sampleRate: 24414, channels: 1 });
    expect(byName.get('OAF_food_fear.wav')).toMatchObject({ format: 'wav', sampleRate: 96000 });
    expect(byName.get('YAF_bite_sad.wav')!.durationSeconds).toBeCloseTo(1, 6);
    expect(byName.get('YAF_dog_ps.wav')).toMatchObject({ label: 'surprise', rawLabel: 'ps' });
    const clip = m.clips[0];
    expect(clip.path).toBe(join(t.root, clip.relPath));
    expect(clip.size).toBeGreaterThan(44);
  });

  it('RAVDESS: actor is the speaker, statement the utterance', async () => {
    const t = tree();
    for (let actor = 1; actor <= 2; actor++) {
      for (let emotion = 1; emotion <= 8; emotion++) t.write(`Actor_${two(actor)}/03-01-${two(emotion)}-01-${two(1 + (emotion % 2))}-01-${two(actor)}.wav`);
    }
    const m = await scanCorpus(t.root);
    expect(m.corpus).toBe('ravdess');
    expect(m.clips).toHaveLength(16);
    expect(m.speakers).toEqual(['01', '02']);
    expect(m.labelCounts).toEqual({ neutral: 2, calm: 2, happy: 2, sad: 2, angry: 2, fear: 2, disgust: 2, surprise: 2 });
    expect(new Set(m.clips.map((c) => c.utterance))).toEqual(new Set(['01', '02']));
    expect(m.clips.find((c) => c.label === 'fear')!.rawLabel).toBe('fearful');
  });

  it('CREMA-D, SAVEE (ALL/ and per-speaker folders), EmoDB', async () => {
    const crema = tree();
    for (const [i, e] of ['ANG', 'DIS', 'FEA', 'HAP', 'NEU', 'SAD'].entries()) crema.write(`AudioWAV/${1001 + (i % 2)}_DFA_${e}_XX.wav`);
    const c = await scanCorpus(crema.root);
    expect([c.corpus, c.clips.length, c.speakers, c.problems]).toEqual(['crema-d', 6, ['1001', '1002'], []]);

    const savee = tree();
    for (const code of ['a', 'd', 'f', 'h', 'n', 'sa', 'su']) {
      savee.write(`ALL/DC_${code}01.wav`);
      savee.write(`AudioData/JE/${code}02.wav`);
    }
    const s = await scanCorpus(savee.root);
    expect([s.corpus, s.clips.length, s.speakers, s.problems]).toEqual(['savee', 14, ['DC', 'JE'], []]);
    expect(s.labelCounts).toEqual({ neutral: 2, happy: 2, sad: 2, angry: 2, fear: 2, disgust: 2, surprise: 2 });

    const emodb = tree();
    for (const letter of 'WLEAFTN') emodb.write(`wav/03a01${letter}a.wav`);
    emodb.write('wav/10b02Xb.wav');
    const e = await scanCorpus(emodb.root);
    expect([e.corpus, e.clips.length, e.speakers]).toEqual(['emodb', 7, ['03']]);
    expect(e.labelCounts.boredom).toBe(1);
    expect(e.problems).toEqual([{ path: emodb.path('wav/10b02Xb.wav'), reason: "unknown EmoDB emotion letter 'X' (expected W, L, E, A, F, T, N)" }]);
  });

  it('reports every unusable file with its reason and ignores what is not audio', async () => {
    const t = tree();
    t.write('angry/one.wav');
    t.write('Happy/two.WAV');
    t.write('sadness/alice/three.wav');
    t.write('neutral/no-extension', wavBytes()); // probed by content
    t.write('neutral/late-header.wav', wavWithLeadingChunk(100_000, { seconds: 0.5 })); // read whole
    const corrupt = wavBytes();
    corrupt[22] = 0; // 0 channels: a header that lies
    const paths = {
      corrupt: t.write('angry/corrupt.wav', corrupt),
      text: t.write('happy/notes.wav', 'these are my notes, not audio\n'),
      empty: t.write('sad/empty.wav', new Uint8Array(0)),
      unknown: t.write('excited/four.wav'),
      loose: t.write('loose.wav'),
    };
    t.write('README.md', '# corpus');
    t.write('LICENSE', 'plain text without extension');
    t.write('._resource-fork.wav', 'AppleDouble');
    const m = await scanCorpus(t.root);
    expect(m.corpus).toBe('folder-per-label');
    expect(m.clips.map((c) => [c.relPath, c.label, c.rawLabel, c.speaker])).toEqual([
      ['Happy/two.WAV', 'happy', 'Happy', 'unknown'],
      ['angry/one.wav', 'angry', 'angry', 'unknown'],
      ['neutral/late-header.wav', 'neutral', 'neutral', 'unknown'],
      ['neutral/no-extension', 'neutral', 'neutral', 'unknown'],
      ['sadness/alice/three.wav', 'sad', 'sadness', 'alice'],
    ]);
    const reasons = new Map(m.problems.map((p) => [p.path, p.reason]));
    expect([...reasons.keys()].sort()).toEqual(Object.values(paths).sort());
    expect(reasons.get(paths.empty)).toBe('empty file (0 bytes)');
    expect(m.clips.find((c) => c.relPath === 'neutral/late-header.wav')!.durationSeconds).toBeCloseTo(0.5, 6);
    expect(reasons.get(paths.unknown)).toBe("unknown label folder 'excited'");
    expect(reasons.get(paths.loose)).toMatch(/not inside a label folder/);
    expect(reasons.get(paths.corrupt)).toMatch(/channel/i);
    expect(reasons.get(paths.text)).toMatch(/WAV|AIFF|audio/i);
    expect(reasons.get(paths.text)).not.toBe(reasons.get(paths.corrupt));
  });

  it('terminates on symlink loops, enters a linked folder inside once, and follows no link out of the folder', async () => {
    const t = tree();
    t.write('corpus/angry/a.wav');
    t.write('corpus/store/sad/c.wav');
    t.write('outside/sad/b.wav');
    t.write('outside/secret.txt', 'root:x:0:0:secret');
    symlinkSync(t.path('corpus'), t.path('corpus/angry/loop'));
    symlinkSync('.', t.path('corpus/angry/self'));
    symlinkSync(t.path('corpus/store/sad'), t.path('corpus/sad'));
    symlinkSync(t.path('outside/sad'), t.path('corpus/happy'));
    symlinkSync('/', t.path('corpus/root'));
    symlinkSync(t.path('outside/secret.txt'), t.path('corpus/angry/secret.wav'));
    symlinkSync(t.path('nowhere.wav'), t.path('corpus/angry/dangling.wav'));
    symlinkSync('ping.wav', t.path('corpus/angry/pong.wav'));
    symlinkSync('pong.wav', t.path('corpus/angry/ping.wav'));
    const m = await scanCorpus(t.path('corpus'));
    expect(m.clips.map((c) => c.relPath)).toEqual(['angry/a.wav', 'sad/c.wav']);
    expect(m.duplicates).toEqual([]);
    const outside = 'symbolic link to a place outside the chosen folder; not followed (copy the files into the folder instead)';
    const loop = 'symbolic link loop: the link leads back to itself; skipped';
    expect(m.problems).toEqual([
      { path: t.path('corpus/angry/dangling.wav'), reason: 'broken symbolic link: what it points to does not exist' },
      { path: t.path('corpus/angry/ping.wav'), reason: loop },
      { path: t.path('corpus/angry/pong.wav'), reason: loop },
      { path: t.path('corpus/angry/secret.wav'), reason: outside },
      { path: t.path('corpus/happy'), reason: outside },
      { path: t.path('corpus/root'), reason: outside },
    ]);
  });

  it('lists a named pipe and a name that is not UTF-8 as problems, without hanging on the pipe', async () => {
    const t = tree();
    t.write('angry/a.wav');
    execFileSync('mkfifo', [t.path('angry/pipe.wav')]);
    writeFileSync(Buffer.from(t.path('angry/bad-\xff-name.wav'), 'latin1'), wavBytes());
    const m = await scanCorpus(t.root);
    expect(m.clips.map((c) => c.relPath)).toEqual(['angry/a.wav']);
    expect(m.problems).toEqual([
      { path: t.path('angry/bad-\uFFFD-name.wav'), reason: 'the name is not valid UTF-8 (shown with �), so it cannot be opened; rename it' },
      { path: t.path('angry/pipe.wav'), reason: 'it is a named pipe (FIFO), not a regular file; skipped' },
    ]);
  }, 5000);

  it('reports progress and stops when aborted', async () => {
    const t = tree();
    for (let i = 0; i < 40; i++) t.write(`calm/${i}.wav`);
    const seen: [number, number][] = [];
    const m = await scanCorpus(t.root, { onProgress: (done, total) => seen.push([done, total]) });
    expect(m.clips).toHaveLength(40);
    expect(seen[0]).toEqual([0, 40]);
    expect(seen.at(-1)).toEqual([40, 40]);
    const controller = new AbortController();
    controller.abort();
    await expect(scanCorpus(t.root, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('rejects a missing folder or a file with a clear error; an empty folder has no clips', async () => {
    const t = tree();
    const file = t.write('angry/a.wav');
    await expect(scanCorpus(t.path('missing'))).rejects.toThrow(new CorpusScanError(t.path('missing'), `no such folder: ${t.path('missing')}`));
    await expect(scanCorpus(file)).rejects.toThrow(`not a folder: ${file}`);
    mkdirSync(t.path('empty'));
    const m = await scanCorpus(t.path('empty'));
    expect([m.clips, m.problems, m.speakers, m.labelCounts]).toEqual([[], [], [], {}]);
  });
});

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const tessDir = resolve(projectRoot, '../shared/data/tess');
const hasTess = existsSync(tessDir);
if (!hasTess) console.warn(`scan.test: ${tessDir} is absent; skipping the real TESS scan`);

describe.skipIf(!hasTess)('scanCorpus on ../shared/data/tess', () => {
  it('finds 1427 clips of 2 speakers and 7 labels with no problems, quickly', async () => {
    const started = performance.now();
    const m = await scanCorpus(tessDir);
    const seconds = (performance.now() - started) / 1000;
    console.log(`scan of ${tessDir}: ${m.clips.length} clips in ${seconds.toFixed(3)} s`);
    expect(m.corpus).toBe('tess');
    expect(m.problems).toEqual([]);
    expect(m.clips).toHaveLength(1427);
    expect(m.speakers).toEqual(['OAF', 'YAF']);
    expect(Object.keys(m.labelCounts).sort()).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
    expect(Object.values(m.labelCounts).reduce((a, b) => a + b, 0)).toBe(1427);
    const byName = new Map(m.clips.map((c) => [c.relPath.split('/').at(-1), c]));
    expect(byName.get('OA_bite_neutral.wav')).toMatchObject({ speaker: 'OAF', label: 'neutral', utterance: 'bite' });
    expect(byName.get('YAF_germ_angry.wav')).toMatchObject({ format: 'aiff', speaker: 'YAF', label: 'angry' });
    expect(byName.get('OAF_food_fear.wav')).toMatchObject({ sampleRate: 96000 });
    expect(byName.get('OAF_back_angry.wav')).toBeUndefined();
    expect(m.clips.filter((c) => c.utterance === 'back')).toHaveLength(13);
    expect(seconds).toBeLessThan(5); // the target is well under 1 s; the bound leaves room for a loaded 2-core machine
  });
});
