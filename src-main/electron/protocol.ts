/**
 * The privileged app:// scheme: `app://renderer/…` serves the built renderer (Vite's module output
 * does not load from file://) with a strict CSP; `app://media/clip?path=…` and
 * `app://renderer/media/clip?path=…` serve clip audio, confined to the folders the user opened.
 */
import { protocol } from 'electron';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { planClipResponse, httpStatusOf, publicMessage } from '../shell/media';
import { APP_SCHEME, MEDIA_HOST, MEDIA_ORIGIN, RENDERER_HOST, RENDERER_ORIGIN } from './ipc-channels';
import { contentSecurityPolicy, contentTypeOf, RENDERER_MISSING_PAGE, resolveRendererFile } from '../shell/renderer-files';
import type { CorpusAccess } from '../api/access';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true, codeCache: true } },
  ]);
}

function fileBody(file: string, range?: { start: number; end: number }): ReadableStream {
  return Readable.toWeb(createReadStream(file, range)) as ReadableStream;
}

function text(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function clip(access: CorpusAccess, request: Request, url: URL): Promise<Response> {
  try {
    const plan = await planClipResponse(access, url.searchParams.get('path'), request.headers.get('range'));
    const headers = { ...plan.headers, 'Access-Control-Allow-Origin': RENDERER_ORIGIN };
    let body: BodyInit | null = null;
    if (request.method !== 'HEAD' && plan.range) {
      body = fileBody(plan.file, plan.range);
    }
    return new Response(body, { status: plan.status, headers });
  } catch (err) {
    return text(httpStatusOf(err), publicMessage(err));
  }
}

/** Installs the handler (after app ready). */
export function handleAppScheme(rendererDir: string, access: CorpusAccess): void {
  const csp = contentSecurityPolicy({ connect: [MEDIA_ORIGIN], media: [MEDIA_ORIGIN] });
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    if (url.host === MEDIA_HOST && url.pathname === '/clip') return clip(access, request, url);
    if (url.host !== RENDERER_HOST) return text(404, 'not found');
    if (url.pathname === '/media/clip') return clip(access, request, url);
    const file = await resolveRendererFile(rendererDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        return new Response(RENDERER_MISSING_PAGE, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp } });
      }
      return text(404, 'not found');
    }
    return new Response(fileBody(file), {
      status: 200,
      headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
