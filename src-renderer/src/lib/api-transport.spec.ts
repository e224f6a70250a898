import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createWebSocketTransport } from './api-transport';
import type { ConnectionStatus, SocketLike } from './api-transport';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.drop(1000);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  reply(data: unknown): void {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
}

describe('WebSocket transport', () => {
  let sockets: FakeSocket[];
  const make = () =>
    createWebSocketTransport({
      url: 'ws://x/api?token=t',
      createSocket: (u) => {
        const s = new FakeSocket(u);
        sockets.push(s);
        return s;
      },
      backoffMs: [100, 200],
    });
  beforeEach(() => {
    sockets = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('queues a request until the socket opens, then resolves with the matching response', async () => {
    const t = make();
    const p = t.request('app.info', null, 5000);
    expect(sockets[0]!.sent).toHaveLength(0);
    sockets[0]!.open();
    const frame = JSON.parse(sockets[0]!.sent[0]!);
    expect(frame).toMatchObject({ type: 'request', name: 'app.info', args: null });
    sockets[0]!.reply({ type: 'response', id: frame.id + 1, ok: true, result: 'other' });
    sockets[0]!.reply({ type: 'response', id: frame.id, ok: true, result: { version: '1' } });
    await expect(p).resolves.toEqual({ version: '1' });
  });

  it('rejects with the server error code and message', async () => {
    const t = make();
    sockets[0]!.open();
    const p = t.request('corpus.open', { dir: '/nope' }, 5000);
    const id = JSON.parse(sockets[0]!.sent[0]!).id;
    sockets[0]!.reply({ type: 'response', id, ok: false, error: { code: 'not-found', message: 'No such folder: /nope' } });
    await expect(p).rejects.toMatchObject({ name: 'ApiError', code: 'not-found', message: 'No such folder: /nope' });
  });

  it('times out with a clear error naming the request', async () => {
    const t = make();
    sockets[0]!.open();
    const p = t.request('slow.thing', {}, 3000);
    const check = expect(p).rejects.toThrow(/"slow.thing" timed out after 3 s/);
    vi.advanceTimersByTime(3001);
    await check;
  });

  it('dispatches events to subscribers until they unsubscribe', () => {
    const t = make();
    sockets[0]!.open();
    const seen: string[] = [];
    const off = t.subscribe((e) => seen.push(`${e.name}:${JSON.stringify(e.payload)}`));
    sockets[0]!.reply({ type: 'event', name: 'job.progress', payload: { done: 1 } });
    off();
    sockets[0]!.reply({ type: 'event', name: 'job.progress', payload: { done: 2 } });
    expect(seen).toEqual(['job.progress:{"done":1}']);
  });

  it('fails in-flight requests on disconnect and reconnects with backoff', async () => {
    const t = make();
    const states: ConnectionStatus['state'][] = [];
    t.onStatus((s) => states.push(s.state));
    sockets[0]!.open();
    const p = t.request('a', null, 10_000);
    sockets[0]!.drop();
    await expect(p).rejects.toBeInstanceOf(ApiError);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);
    t.close();
  });

  it('ignores frames that are not JSON', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const t = make();
    sockets[0]!.open();
    sockets[0]!.onmessage?.({ data: 'not json' });
    expect(warn).toHaveBeenCalled();
    t.close();
    warn.mockRestore();
  });
});
