/**
 * The Live view against the browser host with Chromium's fake microphone fed espeak-ng sentences: the waveform
 * and level move; three sentences give exactly three finals, and the last equals `ser predict` on its saved take,
 * which opens in the Corpus view; silence predicts nothing while audio travels as binary frames at about
 * sampleRate × 4 B/s; push-to-talk; a blocked or missing microphone says so and offers Retry; an opened file is
 * predicted the same way (and the built-in model is read-only in the Models view). With TESS present, one
 * validation clip per emotion of the built-in model is fed through the microphone and the right answers printed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { test } from './fixtures';
import { decodeAudioFile } from '../src-main/core/audio';
import { scanCorpus } from '../src-main/core/dataset';
import { makeSplit } from '../src-main/core/model/splits';
import type { SplitSpec } from '../src-main/api/contract';
import { joinWithSilence, launchWithMic, openLive, speechWav, SPEECH_MISSING, tempDir, writeWav } from './live-audio';
import { projectRoot, sharedTess } from './processes';

const PREDICT_TOLERANCE = 0.02;

function serPredict(modelDir: string, wav: string): { label: string; probabilities: Record<string, number> } {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist-main', 'cli', 'main.js'), 'predict', modelDir, wav, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { label: string; probabilities: Record<string, number> };
}

async function finalProbabilities(page: Page): Promise<Record<string, number>> {
  const bars = page.getByTestId('live-final').getByRole('list', { name: 'Final prediction' }).locator('[data-label]');
  const pairs = await bars.evaluateAll((els) => els.map((e) => [e.getAttribute('data-label')!, Number(e.getAttribute('data-value'))] as const));
  return Object.fromEntries(pairs);
}

let tmp: ReturnType<typeof tempDir>;
test.beforeAll(() => (tmp = tempDir('ser-e2e-live-')));
test.afterAll(() => tmp.remove());

test('three spoken sentences: waveform and level move, exactly three finals; the last equals ser predict on its saved take, which opens in the Corpus view', async ({
  host,
}, testInfo) => {
  test.skip(SPEECH_MISSING !== undefined, SPEECH_MISSING);
  test.setTimeout(150_000);
  const wav = speechWav(
    tmp.dir,
    'three.wav',
    ['I cannot believe you did that again.', 'The weather is lovely this morning.', 'Please put the book back on the shelf.'],
    {
      tailSeconds: 3,
    },
  );
  const browser = await launchWithMic(wav.path);
  try {
    const page = await openLive(browser, host.url);
    await expect(page.getByTestId('live-trained-on')).toContainText(/Trained on \w+: \d+ clips/);
    await page.getByTestId('live-record').click();
    await expect(page.getByTestId('live-recording')).toBeVisible();
    await expect(page).toHaveTitle(/^● Recording/);
    // The waveform draws and the level rises above the meter's floor while the sentences play.
    await expect.poll(async () => Number(await page.getByTestId('live-waveform').getAttribute('data-chunks')), { timeout: 15_000 }).toBeGreaterThan(10);
    await expect.poll(async () => Number(await page.getByTestId('live-level').getAttribute('data-rms-db')), { timeout: 15_000 }).toBeGreaterThan(-40);
    const items = page.getByTestId('live-history-item');
    await expect(items).toHaveCount(3, { timeout: 90_000 });
    await page.waitForTimeout(3000); // nothing more comes from the silence after them
    await expect(items).toHaveCount(3);
    await expect(items.and(page.locator('[data-verdict="predicted"]'))).toHaveCount(3);
    const final = page.getByTestId('live-final');
    await expect(final).toHaveAttribute('data-verdict', 'predicted');
    await expect(final).toHaveAttribute('data-latency-ms', /^\d+$/);
    const latencies = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-latency-ms')).reverse());
    console.log(
      `live: three utterances, finals on screen ${latencies.join(', ')} ms after the VAD's end of speech; last top emotion ${await final.getAttribute('data-label')}`,
    );
    await page.screenshot({ path: testInfo.outputPath('live.png') });

    // Stop: the microphone closes, the title is restored.
    await page.getByTestId('live-record').click();
    await expect(page.getByTestId('live-recording')).toBeHidden();
    await expect(page).not.toHaveTitle(/Recording/);

    const live = await finalProbabilities(page);
    const item = items.first();
    // Replay from the renderer's own copy of what it sent.
    await item.getByRole('button', { name: /^Play this/ }).click();
    await expect(item.getByRole('button', { name: 'Stop playing' })).toBeVisible();
    await expect(item.getByRole('button', { name: /^Play this/ })).toBeVisible({ timeout: 15_000 });
    await item.getByTestId('live-save-open').click();
    await item.getByTestId('live-save-label').selectOption('happy');
    await item.getByTestId('live-save-speaker').fill('e2e speaker');
    await item.getByTestId('live-save').click();
    const saved = item.getByTestId('live-saved');
    await expect(saved).toBeVisible();
    const path = (await saved.getAttribute('data-path'))!;
    expect(path).toMatch(/e2e speaker[\\/]happy[\\/]take-.*\.wav$/);

    // The take predicted by ser predict in its own process: the same probabilities (the take is 16-bit PCM).
    const builtIn = await listBuiltInDir(page);
    const cli = serPredict(builtIn, path);
    const diffs = Object.keys(cli.probabilities).map((l) => Math.abs((live[l] ?? NaN) - cli.probabilities[l]!));
    const maxDiff = Math.max(...diffs);
    console.log(`live vs ser predict on the saved take: max |Δp| = ${maxDiff.toFixed(5)} (tolerance ${PREDICT_TOLERANCE})`);
    expect(maxDiff).toBeLessThanOrEqual(PREDICT_TOLERANCE);

    await item.getByTestId('live-open-corpus').click();
    await expect(page.getByRole('region', { name: 'Corpus summary' }).getByTestId('clip-count')).toHaveAttribute('data-value', '1', { timeout: 30_000 });
  } finally {
    await browser.close();
  }
});

async function listBuiltInDir(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
    return new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send(JSON.stringify({ type: 'request', id: 1, name: 'model.list', args: {} }));
      ws.onerror = () => reject(new Error('model.list failed'));
      ws.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data));
        if (msg.type !== 'response') return;
        ws.close();
        resolve(msg.result.models.find((m: { builtIn: boolean }) => m.builtIn).dir);
      };
    });
  });
}

/** Binary and text bytes the page sends on its api WebSocket, from now on. */
function countSentBytes(page: Page): { binary: number; text: number; binaryFrames: number } {
  const sent = { binary: 0, text: 0, binaryFrames: 0 };
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string') sent.text += Buffer.byteLength(f.payload);
      else {
        sent.binary += f.payload.length;
        sent.binaryFrames++;
      }
    }),
  );
  return sent;
}

test('silence predicts nothing, and listening sends binary audio at about sampleRate × 4 bytes per second', async ({ host }) => {
  test.setTimeout(90_000);
  const rate = 22050;
  const hiss = Float32Array.from({ length: rate * 14 }, () => (Math.random() - 0.5) * 2e-4); // about -80 dBFS
  const wav = writeWav(tmp.dir, 'silence.wav', hiss, rate);
  const browser = await launchWithMic(wav.path);
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const sent = countSentBytes(page); // before the page opens its socket
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Live', exact: true }).click();
    await page.getByTestId('live-record').click();
    await expect(page.getByText('Listening — speak a sentence.')).toBeVisible({ timeout: 30_000 });
    const sampleRate = Number(/(\d+) Hz/.exec((await page.getByText(/· \d+ Hz$/).textContent()) ?? '')?.[1]);
    expect(sampleRate).toBeGreaterThanOrEqual(16000);
    const before = { ...sent, at: performance.now() };
    await page.waitForTimeout(8000);
    const seconds = (performance.now() - before.at) / 1000;
    const binaryPerSecond = (sent.binary - before.binary) / seconds;
    const framesPerSecond = (sent.binaryFrames - before.binaryFrames) / seconds;
    const textPerSecond = (sent.text - before.text) / seconds;
    const expected = sampleRate * 4 + framesPerSecond * 36; // float32 samples + the 36-byte session id per frame
    console.log(
      `live: ${binaryPerSecond.toFixed(0)} B/s binary in ${framesPerSecond.toFixed(1)} frames/s at ${sampleRate} Hz (expected ≈ ${expected.toFixed(0)}); ${textPerSecond.toFixed(0)} B/s text`,
    );
    expect(binaryPerSecond).toBeGreaterThan(expected * 0.85);
    expect(binaryPerSecond).toBeLessThan(expected * 1.15);
    // JSON numbers would take ~10 bytes a sample; the text side carries only requests.
    expect(textPerSecond).toBeLessThan(1000);
    await expect(page.getByTestId('live-final')).toHaveCount(0);
    await expect(page.getByTestId('live-history-count')).toHaveText('0');
    await page.getByTestId('live-record').click();
    await expect(page.getByTestId('live-recording')).toBeHidden();
  } finally {
    await browser.close();
  }
});

test('push-to-talk: holding Space opens the microphone, releasing it mid-sentence gives the final at once and closes it', async ({ host }) => {
  test.skip(SPEECH_MISSING !== undefined, SPEECH_MISSING);
  test.setTimeout(90_000);
  const wav = speechWav(tmp.dir, 'ptt.wav', ['Hold the key while you talk, and let it go when you are done talking to me.'], { tailSeconds: 1 });
  const browser = await launchWithMic(wav.path);
  try {
    const page = await openLive(browser, host.url);
    await page.getByRole('heading', { name: 'Live', exact: true }).click(); // focus off the nav tab, where Space belongs to the tab
    await page.keyboard.down('Space');
    await expect(page.getByTestId('live-recording')).toBeVisible();
    await expect(page).toHaveTitle(/^● Recording/);
    await expect(page.getByTestId('live-rolling')).toHaveAttribute('data-speaking', 'true', { timeout: 30_000 });
    await page.waitForTimeout(1000);
    await page.keyboard.up('Space');
    const final = page.getByTestId('live-final');
    await expect(final).toHaveAttribute('data-verdict', 'predicted', { timeout: 30_000 });
    await expect(page.getByTestId('live-recording')).toBeHidden();
    await expect(page).not.toHaveTitle(/Recording/);
    await expect(page.getByTestId('live-history-item')).toHaveCount(1);
  } finally {
    await browser.close();
  }
});

test('a blocked microphone and a missing one each say what is wrong and offer Retry', async ({ host }) => {
  test.setTimeout(90_000);
  // No fake UI: nothing accepts the permission prompt, and the context grants no microphone permission.
  const denied = await launchWithMic(undefined, { fakeUi: false });
  try {
    const page = await openLive(denied, host.url);
    await page.getByTestId('live-record').click();
    const problem = page.getByTestId('live-problem');
    await expect(problem).toHaveAttribute('data-kind', 'denied', { timeout: 20_000 });
    await expect(problem).toContainText('Allow the microphone');
    await expect(page.getByTestId('live-recording')).toBeHidden();
    await page.getByTestId('live-retry').click();
    await expect(problem).toHaveAttribute('data-kind', 'denied');
    await expect(page.getByTestId('live-record')).toBeEnabled();
  } finally {
    await denied.close();
  }
  // No fake device: this machine has no capture device at all.
  const none = await launchWithMic(undefined, { fakeDevice: false });
  try {
    const page = await openLive(none, host.url);
    await page.getByTestId('live-record').click();
    const problem = page.getByTestId('live-problem');
    await expect(problem).toHaveAttribute('data-kind', /no-device|busy/, { timeout: 20_000 });
    console.log(`live: without a device the view says: ${await problem.textContent()}`);
    await expect(page.getByTestId('live-retry')).toBeVisible();
    await expect(page).not.toHaveTitle(/Recording/);
  } finally {
    await none.close();
  }
});

test('an opened file goes through the same path: its three utterances are predicted and listed as from the file', async ({ host }) => {
  test.skip(SPEECH_MISSING !== undefined, SPEECH_MISSING);
  test.setTimeout(90_000);
  const wav = speechWav(tmp.dir, 'file-three.wav', [
    'My keys are in the kitchen drawer.',
    'We will leave at seven tomorrow.',
    'That was the best film I have seen.',
  ]);
  const notAudio = join(tmp.dir, 'notes.wav');
  writeFileSync(notAudio, 'this is not audio');
  const browser = await launchWithMic(undefined);
  try {
    const page = await openLive(browser, host.url);
    const status = page.getByTestId('live-file-status');
    await page.getByTestId('live-file-input').setInputFiles(notAudio);
    await expect(page.getByTestId('live-file-error')).toContainText('Could not decode “notes.wav”');
    await page.getByTestId('live-file-input').setInputFiles(wav.path);
    await expect(status).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(status).toHaveAttribute('data-utterances', '3');
    await expect(page.getByTestId('live-file-waveform')).toBeVisible();
    const items = page.locator('[data-testid="live-history-item"][data-source="file"]');
    await expect(items).toHaveCount(3);
    await expect(page.getByTestId('live-final')).toHaveAttribute('data-source', 'file');
    await expect(items.first()).toContainText('file-three.wav');

    // The model that did it ships with the app: the Models view marks it Built-in and offers no rename or delete.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name: 'Models', exact: true }).click();
    const row = page.getByRole('row').filter({ has: page.getByTestId('builtin-badge') });
    await row.getByRole('button').first().click();
    await expect(page.getByTestId('details-builtin')).toBeVisible();
    const details = page.getByRole('region', { name: 'Model details' });
    await expect(details.getByRole('button', { name: /^Rename/ })).toHaveCount(0);
    await expect(details.getByRole('button', { name: 'Delete…' })).toHaveCount(0);
    await expect(details.getByRole('button', { name: 'Export' })).toBeVisible();
  } finally {
    await browser.close();
  }
});

test.describe('TESS through the fake microphone', () => {
  test.skip(!existsSync(sharedTess), `TESS is not at ${sharedTess}`);

  test('one validation clip per emotion of the built-in model: how many top emotions are right (printed, not asserted)', async ({ host }) => {
    test.setTimeout(150_000);
    const builtIn = JSON.parse(readFileSync(join(projectRoot, 'resources', 'models', 'tess-sequence', 'meta.json'), 'utf8')) as {
      labels: string[];
      split: { spec: SplitSpec };
      corpus: { root: string };
    };
    const manifest = await scanCorpus(sharedTess);
    const validation = makeSplit(manifest.clips, builtIn.split.spec).validation.map((i) => manifest.clips[i]!);
    const picked = builtIn.labels.map((label) => validation.find((c) => c.label === label)).filter((c) => c !== undefined);
    const decoded = await Promise.all(picked.map((c) => decodeAudioFile(c.path)));
    const rate = decoded[0]!.sampleRate;
    const wav = writeWav(
      tmp.dir,
      'tess.wav',
      joinWithSilence(
        decoded.map((d) => d.samples),
        rate,
        { gapSeconds: 1.5, tailSeconds: 3 },
      ),
      rate,
    );
    const browser = await launchWithMic(wav.path);
    try {
      const page = await openLive(browser, host.url);
      await page.getByTestId('live-record').click();
      const items = page.getByTestId('live-history-item');
      await expect(items)
        .toHaveCount(picked.length, { timeout: 90_000 })
        .catch(() => undefined);
      await page.waitForTimeout(2000);
      // Each clip's answer is the utterance that overlaps it most (the session's sample 0 is where the fake file starts, give or take a chunk).
      const heard = await items.evaluateAll((els) =>
        els.map((e) => ({
          start: Number(e.getAttribute('data-start-seconds')),
          end: Number(e.getAttribute('data-start-seconds')) + Number(e.getAttribute('data-duration-seconds')),
          label: e.querySelector('.label')?.textContent?.trim() ?? 'too quiet',
        })),
      );
      // The fake file starts playing a little before the session's first sample: line the first utterance up with
      // the first clip (less the VAD's ~0.3 s pre-speech pad).
      const first = Math.min(...heard.map((u) => u.start));
      const shift = heard.length ? 0.8 - 0.3 - first : 0;
      for (const u of heard) [u.start, u.end] = [u.start + shift, u.end + shift];
      let at = 0.8; // joinWithSilence's lead
      const answers = decoded.map((d) => {
        const [start, end] = [at, at + d.samples.length / rate];
        at = end + 1.5;
        const overlap = (u: { start: number; end: number }) => Math.max(0, Math.min(end, u.end) - Math.max(start, u.start));
        const best = heard.reduce<(typeof heard)[number] | undefined>((b, u) => (overlap(u) > (b ? overlap(b) : 0) ? u : b), undefined);
        return best?.label ?? '—';
      });
      // One utterance per clip: their order is the surest match.
      if (heard.length === picked.length) heard.sort((a, b) => a.start - b.start).forEach((u, i) => (answers[i] = u.label));
      const right = picked.filter((c, i) => answers[i] === c.label).length;
      console.log(
        `live TESS: ${heard.length} utterances for ${picked.length} clips; top emotion right for ${right} of ${picked.length}: ` +
          picked.map((c, i) => `${c.label}→${answers[i]}`).join(', '),
      );
      await page.getByTestId('live-record').click();
    } finally {
      await browser.close();
    }
  });
});
