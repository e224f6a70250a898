// Transports for the api wire protocol (declared in src-main/api/contract.ts): the Electron preload bridge when present,
// else a WebSocket to the browser host. Untyped here; api.ts adds the contract's types on top. ApiError mirrors the
// server's class (src-main/api/errors.ts, not part of the types-only contract) and adds the transport's own codes:
// timeout, closed, disconnected.

import { encodeAudioFrame } from '../../../src-main/api/audio-frame';

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'failed';
export interface ConnectionStatus {
  state: ConnectionState;
  detail?: string;
}

export interface ApiEvent {
  name: string;
  payload: unknown;
}

export interface Transport {
  request(name: string, args: unknown, timeoutMs: number): Promise<unknown>;
  /** Sends one chunk of live audio as binary; false when there is no connection to send it on. */
  pushAudio(sessionId: string, samples: Float32Array): boolean;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** Minimal WebSocket surface used here, so tests can pass a fake. */
export interface SocketLike {
  readyState: number;
  send(data: string | ArrayBuffer): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketFactory = (url: string) => SocketLike;

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  frame: string;
  sent: boolean;
}

export interface WsOptions {
  url: string;
  createSocket: SocketFactory;
  backoffMs?: number[];
}

const OPEN = 1;

export function createWebSocketTransport(opts: WsOptions): Transport {
  const backoff = opts.backoffMs ?? [250, 500, 1000, 2000, 4000, 8000];
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(e: ApiEvent) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();
  let status: ConnectionStatus = { state: 'connecting' };
  let socket: SocketLike | undefined;
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (s: ConnectionStatus): void => {
    status = s;
    for (const l of statusListeners) l(s);
  };

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    return p;
  };

  const onMessage = (raw: unknown): void => {
    if (typeof raw !== 'string') return;
    let msg: { type?: unknown; id?: unknown; ok?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown }; name?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      console.warn('api: ignoring a frame that is not JSON');
      return;
    }
    if (msg.type === 'response' && typeof msg.id === 'number') {
      const p = settle(msg.id);
      if (!p) return;
      if (msg.ok === true) p.resolve(msg.result);
      else p.reject(new ApiError(String(msg.error?.code ?? 'error'), String(msg.error?.message ?? 'The request failed.')));
    } else if (msg.type === 'event' && typeof msg.name === 'string') {
      const event = { name: msg.name, payload: msg.payload };
      for (const l of eventListeners) l(event);
    }
  };

  const connect = (): void => {
    if (closed) return;
    let ws: SocketLike;
    try {
      ws = opts.createSocket(opts.url);
    } catch (err) {
      setStatus({ state: 'failed', detail: `Cannot open the connection: ${(err as Error).message}` });
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus({ state: 'open' });
      for (const p of pending.values()) {
        if (!p.sent) {
          ws.send(p.frame);
          p.sent = true;
        }
      }
    };
    ws.onmessage = (ev) => onMessage(ev.data);
    ws.onerror = () => {};
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = undefined;
      // Requests already on the wire will never be answered by this connection.
      for (const [id, p] of pending) {
        if (p.sent) settle(id)?.reject(new ApiError('disconnected', 'The connection to the app closed before it answered.'));
      }
      if (closed) return;
      const delay = backoff[Math.min(attempt, backoff.length - 1)]!;
      attempt++;
      const why = ev.code === 1008 || ev.code === 4401 || ev.code === 4403 ? `refused (${ev.reason || 'access token'})` : 'lost';
      setStatus({ state: 'reconnecting', detail: `Connection ${why}; retrying in ${(delay / 1000).toFixed(1)} s` });
      retryTimer = setTimeout(connect, delay);
    };
  };

  connect();

  return {
    request(name, args, timeoutMs) {
      if (closed) return Promise.reject(new ApiError('closed', 'The api client is closed.'));
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, name, args: args ?? null });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          settle(id);
          const where = status.state === 'open' ? 'the app did not answer' : 'no connection to the app';
          reject(new ApiError('timeout', `"${name}" timed out after ${(timeoutMs / 1000).toFixed(0)} s (${where}).`));
        }, timeoutMs);
        const p: Pending = { resolve, reject, timer, frame, sent: false };
        pending.set(id, p);
        if (socket && socket.readyState === OPEN) {
          socket.send(frame);
          p.sent = true;
        }
      });
    },
    pushAudio(sessionId, samples) {
      if (closed || !socket || socket.readyState !== OPEN) return false;
      socket.send(encodeAudioFrame(sessionId, samples));
      return true;
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      for (const id of [...pending.keys()]) settle(id)?.reject(new ApiError('closed', 'The api client is closed.'));
      socket?.close();
    },
  };
}

/** The Electron preload bridge (window.serBridge). */
export interface SerBridge {
  request(name: string, args: unknown): Promise<unknown>;
  subscribe(listener: (event: ApiEvent) => void): () => void;
  pushAudio(sessionId: string, samples: Float32Array): void;
}

export function createBridgeTransport(bridge: SerBridge): Transport {
  return {
    request(name, args, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new ApiError('timeout', `"${name}" timed out after ${(timeoutMs / 1000).toFixed(0)} s (the app did not answer).`)),
          timeoutMs,
        );
        bridge.request(name, args ?? null).then(
          (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          (e: unknown) => {
            clearTimeout(timer);
            const err = e as { code?: unknown; message?: unknown };
            reject(new ApiError(typeof err?.code === 'string' ? err.code : 'error', String(err?.message ?? e)));
          },
        );
      });
    },
    subscribe: (listener) => bridge.subscribe(listener),
    pushAudio(sessionId, samples) {
      bridge.pushAudio(sessionId, samples);
      return true;
    },
    onStatus(listener) {
      listener({ state: 'open' });
      return () => {};
    },
    close() {},
  };
}
