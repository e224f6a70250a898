// The renderer's api client, typed from src-main/api/contract.ts (the one declaration of requests and events).
// Electron: the preload bridge (window.serBridge). Browser host: a WebSocket to /api?token=… (token from the page URL).
import type { EventName, EventPayload, RequestArgs, RequestName, RequestResult, SerBridge } from '../../../src-main/api/contract';
import { buildClipMediaUrl } from './media-url';
import { ApiError, createBridgeTransport, createWebSocketTransport } from './api-transport';
import type { ApiEvent, ConnectionStatus, SerBridge as UntypedBridge, SocketLike, Transport } from './api-transport';

export { ApiError };
export type { ConnectionStatus };

const DEFAULT_TIMEOUT_MS = 30_000;
// Scanning a large corpus answers only when the scan is done (progress comes as events meanwhile).
const TIMEOUTS: Partial<Record<RequestName, number>> = {
  'corpus.open': 10 * 60_000,
  'corpus.chooseFolder': 60 * 60_000, // the user may leave the dialog open
  'model.import': 60 * 60_000,
  'model.export': 60 * 60_000,
  'clip.features': 60_000,
};

declare global {
  interface Window {
    serBridge?: SerBridge;
  }
}

/** The page's access token (browser host); undefined inside Electron or when the URL lacks it. */
export function pageToken(): string | undefined {
  return new URLSearchParams(location.search).get('token') ?? undefined;
}

/**
 * URL of a clip's audio for wavesurfer, relative to the page so it is same-origin in both shells
 * (CSP media-src 'self'): `/media/clip?…&token=…` on the browser host, `app://renderer/media/clip?…` in Electron.
 */
export function clipMediaUrl(path: string): string {
  return buildClipMediaUrl(path, location.href, window.serBridge ? undefined : pageToken());
}

function createTransport(): Transport {
  if (window.serBridge) return createBridgeTransport(window.serBridge as unknown as UntypedBridge);
  const token = pageToken();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/api?token=${encodeURIComponent(token ?? '')}`;
  return createWebSocketTransport({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike });
}

export interface Api {
  /** Sends a request; rejects with ApiError (code + message) on failure, timeout or disconnect. */
  request<N extends RequestName>(name: N, args: RequestArgs<N>, opts?: { timeoutMs?: number }): Promise<RequestResult<N>>;
  /** Sends one chunk of a live session's audio as binary (IPC structured clone, or a binary WebSocket frame); false when disconnected. */
  pushAudio(sessionId: string, samples: Float32Array): boolean;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** Connection state (WebSocket reconnects with backoff); called at once with the current state. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Called each time the connection opens (first connect and every reconnect): reload what the page shows. */
  onConnected(listener: () => void): () => void;
  /** True when the page was opened without the host's access token (every request will be refused). */
  readonly missingToken: boolean;
  readonly inElectron: boolean;
}

function createApi(): Api {
  const transport = createTransport();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  transport.subscribe((event: ApiEvent) => {
    const set = listeners.get(event.name);
    if (!set) return;
    for (const l of set) {
      try {
        l(event.payload as never);
      } catch (err) {
        console.error(`api: a "${event.name}" listener failed`, err);
      }
    }
  });
  return {
    request(name, args, opts) {
      const timeout = opts?.timeoutMs ?? TIMEOUTS[name] ?? DEFAULT_TIMEOUT_MS;
      return transport.request(name, args, timeout) as Promise<RequestResult<typeof name>>;
    },
    pushAudio: (sessionId, samples) => transport.pushAudio(sessionId, samples),
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    onStatus: (l) => transport.onStatus(l),
    onConnected(listener) {
      let open = false;
      return transport.onStatus((s) => {
        const opened = s.state === 'open' && !open;
        open = s.state === 'open';
        if (opened) listener();
      });
    },
    missingToken: !window.serBridge && !pageToken(),
    inElectron: Boolean(window.serBridge),
  };
}

export const api: Api = createApi();

/** A one-line message for any thrown value, for inline errors. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.code === 'not-available' ? `Not available yet: ${err.message}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
