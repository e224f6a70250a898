/**
 * Electron IPC channel names and the app:// origins. A file of its own (no imports) because the
 * sandboxed preload is bundled without npm packages and must not pull in zod through contract.ts.
 */
export const IPC_REQUEST_CHANNEL = 'ser:request';
export const IPC_EVENT_CHANNEL = 'ser:event';
/** Live audio chunks, renderer → main, as structured-cloned Float32Arrays (fire and forget). */
export const IPC_AUDIO_CHANNEL = 'ser:audio';

/** The privileged scheme, and the hosts under it: the renderer's pages and clip audio. */
export const APP_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const MEDIA_HOST = 'media';
export const RENDERER_ORIGIN = 'app://renderer';
export const MEDIA_ORIGIN = 'app://media';

/**
 * The host of an app:// URL, or null for any other URL. (WHATWG `URL.origin` is "null" for
 * non-special schemes, so origins are compared by scheme + host.)
 */
export function appHostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` ? u.host : null;
  } catch {
    return null;
  }
}
