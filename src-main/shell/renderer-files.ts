/**
 * Locating the built renderer (dist-renderer/) and resolving request paths inside it, for the browser
 * host and Electron's app:// protocol alike; plus the Content-Security-Policy both send.
 */
import { stat } from 'node:fs/promises';
import { extname, join, normalize, relative, resolve, sep, isAbsolute } from 'node:path';
import { projectRoot } from '../core/app-dirs';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function defaultRendererDir(): string {
  return join(projectRoot(), 'dist-renderer');
}

/** A URL path (already without query) → a file inside `root`, or null when outside or missing. '/' → index.html. */
export async function resolveRendererFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const wanted = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = resolve(root, normalize(wanted));
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return null;
  const st = await stat(file).catch(() => undefined);
  return st?.isFile() ? file : null;
}

/**
 * A strict policy: only the app's own scripts; inline styles are allowed because Svelte transitions
 * and wavesurfer's shadow DOM set them. `extra` adds origins the page may fetch from / play from
 * (the host's WebSocket; Electron's app://media).
 */
export function contentSecurityPolicy(extra: { connect?: string[]; media?: string[] } = {}): string {
  const connectSrc = extra.connect ?? [];
  const mediaSrc = extra.media ?? [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `media-src 'self' blob: ${mediaSrc.join(' ')}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self' ${connectSrc.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const RENDERER_MISSING_PAGE = `<!doctype html><meta charset="utf-8"><title>SER Studio</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>The renderer is not built</h1><p>Run <code>npm run build</code> (or <code>npm run build:renderer</code>), then reload this page.</p></body>`;

/**
 * What a person sees who opens the host without its token (a bookmark, a typed address, an old tab):
 * what happened and what to do, instead of a bare "token required". No script, no asset: it needs no token.
 */
export function tokenPage(reason: 'missing' | 'wrong'): string {
  const what =
    reason === 'missing'
      ? 'This address lacks the access token that keeps other web pages and programs away from the app.'
      : 'The access token in this address is not the one this run of SER Studio expects: it is from an earlier run, or mistyped.';
  return `<!doctype html><meta charset="utf-8"><title>SER Studio: open the address with its token</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.5">
<h1>SER Studio is running here, but needs its token</h1>
<p>${what}</p>
<p>Open the full address that <code>npm start</code> (or <code>npm run serve</code>) printed in its terminal, the line
<code>Listening on http://127.0.0.1:…/?token=…</code>. A new token is made every time the app starts, so after a restart
use the new line.</p></body>`;
}
