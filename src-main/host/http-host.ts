/**
 * The browser host: the built renderer, clip audio and the api (WebSocket) on 127.0.0.1 only.
 * Every HTTP request and WebSocket upgrade must carry the per-run token (query, cookie or bearer)
 * and come from the host's own origin: another web page in the same browser cannot reach it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { planClipResponse, httpStatusOf, publicMessage } from '../shell/media';
import { contentSecurityPolicy, contentTypeOf, RENDERER_MISSING_PAGE, resolveRendererFile, tokenPage } from '../shell/renderer-files';
import type { ApiServer } from '../api/server';
import type { EventMessage } from '../api/contract';
import { decodeAudioFrame } from '../api/audio-frame';

export interface HostOptions {
  api: ApiServer;
  rendererDir: string;
  /** 0 = any free port. */
  port: number;
  /** Fixed token for tests; default 32 random bytes. */
  token?: string;
}

export interface RunningHost {
  port: number;
  token: string;
  /** `http://127.0.0.1:<port>/?token=<token>` */
  url: string;
  origin: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Binary live-audio frames are the largest client messages (≤ 192k float32 samples ≈ 0.8 MB). */
const MAX_WS_PAYLOAD = 2 * 1024 * 1024;

type Verdict = { ok: true; viaQuery: boolean } | { ok: false; status: 400 | 401 | 403; reason: string };
const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' } as const;

/** The request target as a URL; null when it is not one (`GET http://[`), which `new URL` would throw on. */
function requestUrl(req: IncomingMessage, origin: string): URL | null {
  try {
    return new URL(req.url ?? '/', origin);
  } catch {
    return null;
  }
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  const allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const cookieName = `ser_token_${port}`; // cookies ignore ports: one name per host instance
  const csp = contentSecurityPolicy({ connect: [`ws://${HOST}:${port}`, `ws://localhost:${port}`] });

  const tokenMatches = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === tokenBytes.length && timingSafeEqual(b, tokenBytes);
  };

  const verdict = (req: IncomingMessage, url: URL): Verdict => {
    if (!allowedHosts.has(req.headers.host ?? '')) return { ok: false, status: 403, reason: 'wrong Host header' };
    const reqOrigin = req.headers.origin;
    if (reqOrigin !== undefined && !allowedOrigins.has(reqOrigin)) return { ok: false, status: 403, reason: `origin ${reqOrigin} is not allowed` };
    const fromQuery = url.searchParams.get('token') ?? undefined;
    const fromCookie = parseCookies(req.headers.cookie)[cookieName];
    const auth = req.headers.authorization;
    const fromBearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
    if (fromQuery === undefined && fromCookie === undefined && fromBearer === undefined) return { ok: false, status: 401, reason: 'missing token' };
    if (tokenMatches(fromQuery)) return { ok: true, viaQuery: true };
    if (tokenMatches(fromCookie) || tokenMatches(fromBearer)) return { ok: true, viaQuery: false };
    return { ok: false, status: 403, reason: 'wrong token' };
  };

  server.on('request', (req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, httpStatusOf(err), publicMessage(err));
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, origin);
    if (!url) return sendText(res, 400, 'bad request: the request target is not a valid URL');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer'); // the token is in the page URL
    const v = verdict(req, url);
    if (!v.ok) {
      // A person opening the page gets told what to do; anything else gets the short reason.
      const forPeople = (url.pathname === '/' || url.pathname === '/index.html') && (v.reason === 'missing token' || v.reason === 'wrong token');
      if (forPeople) {
        res.writeHead(v.status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
        return void res.end(tokenPage(v.reason === 'missing token' ? 'missing' : 'wrong'));
      }
      return sendText(res, v.status, v.status === 401 ? 'token required' : `forbidden: ${v.reason}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    // Assets requested by the page carry no query: a same-site cookie carries the token for them.
    if (v.viaQuery) res.setHeader('Set-Cookie', `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`);

    if (url.pathname === '/media/clip') {
      const plan = await planClipResponse(opts.api.access, url.searchParams.get('path'), req.headers.range);
      res.writeHead(plan.status, plan.headers);
      if (req.method === 'HEAD' || !plan.range) return void res.end();
      const stream = createReadStream(plan.file, { start: plan.range.start, end: plan.range.end });
      stream.on('error', () => res.destroy());
      stream.pipe(res);
      return;
    }
    if (url.pathname === '/api') return sendText(res, 426, 'the api is served over WebSocket');

    const file = await resolveRendererFile(opts.rendererDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
        return void res.end(RENDERER_MISSING_PAGE);
      }
      return sendText(res, 404, 'not found');
    }
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      'Content-Security-Policy': csp,
      'X-Frame-Options': 'DENY',
      // Vite names assets by content hash: cache them; always revalidate the page itself.
      'Cache-Control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req, origin);
    const v: Verdict = !url
      ? { ok: false, status: 400, reason: 'the request target is not a valid URL' }
      : url.pathname === '/api'
        ? verdict(req, url)
        : { ok: false, status: 403, reason: 'no WebSocket at this path' };
    if (!v.ok) {
      const text = STATUS_TEXT[v.status];
      socket.end(`HTTP/1.1 ${v.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${v.reason.length}\r\n\r\n${v.reason}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(opts.api, ws));
  });
  // A malformed request line or header never reaches 'request': answer 400 and keep serving.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One renderer connection: requests in, responses and every api event out. */
function serveConnection(api: ApiServer, ws: WebSocket): void {
  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const unsubscribe = api.subscribe((e) => send({ type: 'event', name: e.name, payload: e.payload } satisfies EventMessage));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      // Binary frames carry live audio only (audio-frame.ts); a bad one is refused, the connection stays.
      const frame = decodeAudioFrame(Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data as ArrayBuffer | Buffer));
      if (frame.ok) return api.pushAudio(frame.sessionId, frame.samples);
      return send({ type: 'response', id: -1, ok: false, error: { code: 'invalid-message', message: `binary frame refused: ${frame.reason}` } });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return send({ type: 'response', id: -1, ok: false, error: { code: 'invalid-message', message: 'a message must be valid JSON' } });
    }
    void api.handleMessage(parsed).then(send);
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
