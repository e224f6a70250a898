// Benchmark: a generated hostile folder (truncated, empty, lying sizes, huge channel counts, NaN/Inf
// samples, one sample, ten minutes, not audio, unreadable, a FIFO, symlink loops, links out of the
// folder, a name that is not UTF-8, deep nesting, 10 000 tiny files). Times `ser scan` and
// `ser features` on it with their peak memory, checks that every hostile file is listed as a problem
// with its path and a reason, and that nothing crashes or hangs.
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, projectRoot } from './bench-lib.mjs';

const TINY = Number(process.env.BENCH_HOSTILE_TINY ?? 10_000);
const TIME_LIMIT_S = 600;

/** A mono WAV: 16-bit PCM, or 32-bit float when `float`. */
function wav(samples, rate, { float = false, channels = 1, dataSize } = {}) {
  const width = float ? 4 : 2;
  const data = Buffer.alloc(samples.length * width);
  samples.forEach((v, i) => (float ? data.writeFloatLE(v, i * 4) : data.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2)));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(float ? 3 : 1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * width * channels, 28);
  h.writeUInt16LE(width * channels, 32);
  h.writeUInt16LE(width * 8, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataSize ?? data.length, 40);
  return Buffer.concat([h, data]);
}
const tone = (seconds, rate) => Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / rate));

const root = mkdtempSync(join(tmpdir(), 'ser-bench-hostile-'));
const dir = join(root, 'corpus');
const outside = join(root, 'outside');
/** What each hostile file should be reported as: relative path → the words its reason must contain (scan problems; feature failures). */
const expected = new Map();
const expectedFeatures = new Map();
function put(rel, bytes, reason) {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), bytes);
  if (reason) expected.set(rel, reason);
}
const good = wav(tone(1, 16000), 16000);
/** A copy with its own first sample: identical files would be counted once, as duplicates. */
let serial = 1;
const unique = (bytes) => {
  const copy = Buffer.from(bytes);
  copy.writeUInt16LE(serial++ & 0xffff, 44);
  return copy;
};

put('angry/good.wav', good);
put('sad/good.wav', wav(tone(1, 22050), 22050));
put('angry/truncated-in-header.wav', good.subarray(0, 30), /truncated header/);
put('angry/truncated-in-chunk-header.wav', good.subarray(0, 40), /truncated header/);
put('angry/truncated-data.wav', good.subarray(0, 2000), /truncated data/);
put('angry/zero-bytes.wav', Buffer.alloc(0), /empty/);
put('angry/lying-data-size.wav', wav(tone(0.1, 16000), 16000, { dataSize: 0xffffffff }), /truncated data/);
const hugeChannels = wav(tone(0.1, 16000), 16000);
hugeChannels.writeUInt16LE(65535, 22);
put('angry/65535-channels.wav', hugeChannels, /channel count/);
const nan = Float32Array.from(tone(1, 16000));
nan[8000] = NaN;
put('sad/nan-samples.wav', wav(nan, 16000, { float: true }));
expectedFeatures.set('sad/nan-samples.wav', /NaN value at frame 8000/);
const inf = Float32Array.from(tone(1, 16000));
inf[100] = Infinity;
put('sad/inf-samples.wav', wav(inf, 16000, { float: true }));
expectedFeatures.set('sad/inf-samples.wav', /infinite value at frame 100/);
put('sad/one-sample.wav', wav([0.5], 16000));
expectedFeatures.set('sad/one-sample.wav', /too short/);
put('neutral/ten-minutes.wav', wav(tone(600, 16000), 16000));
put('neutral/text.wav', 'these are my notes, not audio\n', /not a WAV, AIFF, FLAC, MP3, Ogg or WebM file/);
put('neutral/png.wav', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not a WAV, AIFF, FLAC, MP3, Ogg or WebM file/);
put('neutral/unreadable.wav', unique(good));
chmodSync(join(dir, 'neutral/unreadable.wav'), 0);
if (process.getuid?.() !== 0) expected.set('neutral/unreadable.wav', /permission denied/);
execFileSync('mkfifo', [join(dir, 'neutral/fifo.wav')]);
expected.set('neutral/fifo.wav', /named pipe/);
symlinkSync('loop-b.wav', join(dir, 'neutral/loop-a.wav'));
symlinkSync('loop-a.wav', join(dir, 'neutral/loop-b.wav'));
expected.set('neutral/loop-a.wav', /symbolic link loop/).set('neutral/loop-b.wav', /symbolic link loop/);
symlinkSync('.', join(dir, 'neutral/self'));
mkdirSync(outside);
writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:do not leak');
symlinkSync(join(outside, 'secret.txt'), join(dir, 'neutral/secret.wav'));
symlinkSync('/', join(dir, 'neutral/filesystem-root'));
expected.set('neutral/secret.wav', /outside the chosen folder/).set('neutral/filesystem-root', /outside the chosen folder/);
writeFileSync(Buffer.from(join(dir, 'neutral/bad-\xff-name.wav'), 'latin1'), unique(good));
expected.set('neutral/bad-\uFFFD-name.wav', /not valid UTF-8/);
const deep = `happy/${Array.from({ length: 100 }, (_, i) => `level${i}`).join('/')}`;
put(`${deep}/deep.wav`, unique(good));
const tiny = wav(tone(0.6, 2000), 2000);
for (let i = 0; i < TINY; i++) put(`calm/tiny/${String(i).padStart(5, '0')}.wav`, unique(tiny));
const hostileCount = expected.size + expectedFeatures.size;

/** Runs the bundled `ser` with a watchdog; wall time, peak RSS (VmHWM of the process, threads included), exit. */
function runSer(args) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [`${projectRoot}dist-main/cli/main.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // the process has just ended
      }
    }, 20);
    const watchdog = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_S * 1000);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(watchdog);
      resolve({
        code,
        signal,
        seconds: (performance.now() - started) / 1000,
        peakMb: peakKb / 1024,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

let failures = 0;
const fail = (message) => {
  failures++;
  console.log(`hostile: FAILED: ${message}`);
};
try {
  const scan = await runSer(['scan', dir, '--json']);
  if (scan.signal || scan.code !== 0) fail(`ser scan exited ${scan.code ?? scan.signal}: ${scan.stderr.slice(-500)}`);
  const manifest = scan.code === 0 ? JSON.parse(scan.stdout) : { problems: [], clipCount: 0 };
  const problems = new Map(manifest.problems.map((p) => [p.path.slice(dir.length + 1), p.reason]));
  console.log(
    `hostile: scan of ${hostileCount} hostile files + ${TINY} tiny files + a ten-minute file + a 100-level deep folder: ${fmt(scan.seconds)} s, peak RSS ${fmt(scan.peakMb, 0)} MB; ${manifest.clipCount} clips, ${manifest.problems.length} problems`,
  );
  for (const [rel, reason] of [...problems].sort()) console.log(`  problem ${rel}: ${reason}`);
  for (const [rel, words] of expected) {
    const reason = problems.get(rel);
    if (!reason) fail(`${rel} is not listed as a problem`);
    else if (!words.test(reason)) fail(`${rel}: the reason "${reason}" does not say ${words}`);
  }
  if (scan.stdout.includes('do not leak')) fail('the scan output shows bytes of a file outside the folder');

  const cache = mkdtempSync(join(tmpdir(), 'ser-bench-hostile-cache-'));
  const features = await runSer(['features', dir, '--spec', 'seed', '--json', '--cache-dir', cache]);
  rmSync(cache, { recursive: true, force: true });
  if (features.signal || (features.code !== 0 && features.code !== 1))
    fail(`ser features crashed (${features.code ?? features.signal}): ${features.stderr.slice(-500)}`);
  const lines = features.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const failed = lines.filter((l) => l.error);
  console.log(
    `hostile: seed features of the ${lines.length} clips: ${fmt(features.seconds)} s, peak RSS ${fmt(features.peakMb, 0)} MB; ${lines.length - failed.length} extracted, ${failed.length} failed (exit ${features.code})`,
  );
  for (const l of failed) console.log(`  features failed ${l.path.slice(dir.length + 1)}: ${l.error}`);
  const errors = new Map(failed.map((l) => [l.path.slice(dir.length + 1), l.error]));
  for (const [rel, words] of expectedFeatures) {
    const reason = errors.get(rel);
    if (!reason) fail(`${rel}: features were produced or it was not listed`);
    else if (!words.test(reason)) fail(`${rel}: the reason "${reason}" does not say ${words}`);
  }
  if (lines.length - failed.length < TINY) fail(`only ${lines.length - failed.length} clips gave features; the ${TINY} tiny files should`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(failures ? `hostile: ${failures} check(s) failed` : 'hostile: every hostile file listed with its path and reason; nothing crashed or hung');
process.exitCode = failures ? 1 : 0;
