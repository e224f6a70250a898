import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeTessCorpus } from '../../e2e/corpus';
import { aiffBytes } from '../testing/test-tree';
import { ApiServer } from '../api/server';
import { StateFile } from '../shell/state-file';
import { startHost, type RunningHost } from './http-host';
import { encodeAudioFrame } from '../api/audio-frame';

const corpus = writeTessCorpus({ speakers: ['OAF'], labels: ['angry', 'sad'], words: ['back'], seconds: 0.5 });
const rendererDir = mkdtempSync(join(tmpdir(), 'ser-host-renderer-'));
mkdirSync(join(rendererDir, 'assets'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>SER</title><script type="module" src="./assets/app.js"></script>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(tmpdir(), 'ser-host-outside.txt'), 'outside');

let host: RunningHost;
let api: ApiServer;

beforeAll(async () => {
  api = new ApiServer({ shell: 'browser', versions: {}, typedPathsGrantAccess: true, modelsDir: join(rendererDir, 'models') }, new StateFile(null));
  host = await startHost({ api, rendererDir, port: 0 });
});
afterAll(async () => {
  await host?.close();
  corpus.remove();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with 'open' or the HTTP status the upgrade was refused with. */
function upgrade(path: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

/** Sends raw bytes (a request no HTTP client would write) and resolves with the status line of the answer. */
function rawRequest(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('end', () => resolve(answer.split('\r\n')[0]));
    socket.on('error', reject);
  });
}

describe('browser host security', () => {
  it('answers 400 to request targets that are not URLs, plain or upgrading, and keeps serving', async () => {
    const hostHeader = `Host: 127.0.0.1:${host.port}\r\n`;
    const upgradeHeaders = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    expect(await rawRequest(`GET http://[ HTTP/1.1\r\n${hostHeader}${upgradeHeaders}\r\n`)).toBe('HTTP/1.1 400 Bad Request');
    expect(await rawRequest(`GET http://[ HTTP/1.1\r\n${hostHeader}Connection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect(await rawRequest(`GET / HTTP/1.1\r\nBad Header Line\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect((await get(`/?token=${host.token}`)).status).toBe(200);
  });

  it('prints a URL on 127.0.0.1 with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses HTTP without a token (401) and with a wrong one (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/media/clip?path=${encodeURIComponent(join(corpus.root, 'OAF_sad', 'OAF_back_sad.wav'))}`)).status).toBe(401);
  });

  it('serves the page with the token and sets a same-site cookie for its assets', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>SER</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(cookie).toBe(`ser_token_${host.port}=${host.token}`);
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    expect((await get(`/?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { host: 'evil.example' })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { origin: host.origin })).status).toBe(200);
  });

  it('refuses WebSocket upgrades without the token, with a wrong one, or from another origin', async () => {
    expect(await upgrade('/api', host.origin)).toBe(401);
    expect(await upgrade('/api?token=nope', host.origin)).toBe(403);
    expect(await upgrade(`/api?token=${host.token}`, 'http://evil.example')).toBe(403);
    expect(await upgrade(`/elsewhere?token=${host.token}`, host.origin)).toBe(403);
    expect(await upgrade(`/api?token=${host.token}`, host.origin)).toBe('open');
  });

  it('does not serve files outside the renderer folder', async () => {
    const r = await get(`/..%2F${encodeURIComponent('ser-host-outside.txt')}?token=${host.token}`);
    expect(r.status).toBe(404);
  });
});

describe('api over WebSocket and clip media', () => {
  it('answers requests and pushes scan events', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
    const messages: { type: string; id?: number; ok?: boolean; name?: string; result?: { clips: unknown[] }; error?: { code: string } }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'request', id: 1, name: 'corpus.open', args: { path: corpus.root } }));
    ws.send('not json');
    await expect.poll(() => messages.filter((m) => m.type === 'response').length, { timeout: 10_000 }).toBe(2);
    const opened = messages.find((m) => m.id === 1);
    expect(opened?.ok).toBe(true);
    expect(opened?.result?.clips).toHaveLength(corpus.clips);
    expect(messages.find((m) => m.id === -1)?.error?.code).toBe('invalid-message');
    expect(messages.some((m) => m.type === 'event' && m.name === 'corpus.scanProgress')).toBe(true);
    ws.close();
  });

  it('hands binary audio frames to the live path and refuses malformed ones without closing the connection', async () => {
    const pushed: [string, number[]][] = [];
    const real = api.pushAudio;
    (api as { pushAudio: ApiServer['pushAudio'] }).pushAudio = (id, samples) => void pushed.push([id, Array.from(samples)]);
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
      const replies: { id?: number; ok?: boolean; error?: { code: string; message: string } }[] = [];
      ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
      await new Promise((r) => ws.once('open', r));
      const id = '123e4567-e89b-42d3-a456-426614174000';
      ws.send(Buffer.from(encodeAudioFrame(id, new Float32Array([0.5, -0.25]))));
      ws.send(Buffer.from('not an audio frame at all, but long enough for one'));
      ws.send(JSON.stringify({ type: 'request', id: 7, name: 'app.info', args: {} }));
      await expect.poll(() => replies.length, { timeout: 10_000 }).toBe(2);
      expect(pushed).toEqual([[id, [0.5, -0.25]]]);
      expect(replies[0].error).toMatchObject({ code: 'invalid-message', message: expect.stringContaining('binary frame refused') });
      expect(replies[1]).toMatchObject({ id: 7, ok: true });
      ws.close();
    } finally {
      (api as { pushAudio: ApiServer['pushAudio'] }).pushAudio = real;
    }
  });

  it('serves clip bytes with the content type and byte ranges', async () => {
    const file = join(corpus.root, 'OAF_sad', 'OAF_back_sad.wav');
    const bytes = readFileSync(file);
    const path = `/media/clip?path=${encodeURIComponent(file)}&token=${host.token}`;
    const whole = await get(path);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(bytes)).toBe(true);
    const part = await get(path, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await get(path, { range: 'bytes=-10' });
    expect(tail.body.equals(bytes.subarray(bytes.length - 10))).toBe(true);
    expect((await get(path, { range: `bytes=${bytes.length}-` })).status).toBe(416);
  });

  it('serves an AIFF clip (which Chromium cannot play) as 16-bit WAV', async () => {
    const file = join(corpus.root, 'OAF_sad', 'OAF_aiff_sad.wav');
    writeFileSync(file, aiffBytes({ sampleRate: 8000, seconds: 0.25, seed: 5 }));
    const r = await get(`/media/clip?path=${encodeURIComponent(file)}&token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('audio/wav');
    expect(r.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(r.body.readUInt32LE(24)).toBe(8000);
    expect(r.body.length).toBe(44 + 2000 * 2);
    expect(r.body.subarray(44).some((b) => b !== 0)).toBe(true);
  });

  it('serves only audio clips from an opened folder', async () => {
    const text = join(corpus.root, 'notes.txt');
    writeFileSync(text, 'not audio');
    const r = await get(`/media/clip?path=${encodeURIComponent(text)}&token=${host.token}`);
    expect(r.status).toBe(415);
    expect(r.body.toString()).toContain('is not a WAV, AIFF, FLAC, MP3, Ogg or WebM file');
  });

  it('refuses media outside the opened folders', async () => {
    const r = await get(`/media/clip?path=${encodeURIComponent(join(tmpdir(), 'ser-host-outside.txt'))}&token=${host.token}`);
    expect(r.status).toBe(403);
  });
});
