/**
 * Electron cannot run here (no binary), so the built preload runs in a VM context against a
 * stand-in `electron` module: what the page gets, and what crosses IPC, are checked by behaviour.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { IPC_AUDIO_CHANNEL, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from './ipc-channels';

type Listener = (event: unknown, payload: unknown) => void;

/** Runs dist-main/electron/preload.cjs with a fake electron; returns what it exposed and the fake IPC. */
function loadPreload(reply: (message: { id: number; name: string; args: unknown }) => unknown) {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; message: { id: number; name: string; args: unknown } }[] = [];
  const sent: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, message: { id: number; name: string; args: unknown }) => {
        invoked.push({ channel, message });
        return reply(message);
      },
      send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }),
      on: (channel: string, l: Listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
      removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
    },
  };
  const module = { exports: {} };
  const require = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`the sandboxed preload may only require electron, not ${name}`);
  };
  runInNewContext(readFileSync(resolve('dist-main/electron/preload.cjs'), 'utf8'), { require, module, exports: module.exports, console });
  const emit = (payload: unknown) => listeners.get(IPC_EVENT_CHANNEL)?.forEach((l) => l({}, payload));
  return { exposed, invoked, sent, listeners, required, emit };
}

describe('the built Electron preload', () => {
  it('exposes only serBridge, and nothing of ipcRenderer', () => {
    const p = loadPreload(() => ({ type: 'response', id: 1, ok: true, result: null }));
    expect([...p.exposed.keys()]).toEqual(['serBridge']);
    expect([...new Set(p.required)]).toEqual(['electron']);
    const bridge = p.exposed.get('serBridge') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['pushAudio', 'request', 'subscribe']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('sends live audio on the audio channel as a Float32Array (binary), not as a list of numbers', () => {
    const p = loadPreload(() => null);
    const bridge = p.exposed.get('serBridge') as { pushAudio(id: string, s: Float32Array): void };
    bridge.pushAudio('session-1', new Float32Array([0.1, -0.2]));
    expect(p.sent).toHaveLength(1);
    expect(p.sent[0].channel).toBe(IPC_AUDIO_CHANNEL);
    expect(p.sent[0].args[0]).toBe('session-1');
    expect(p.sent[0].args[1]).toBeInstanceOf(Float32Array);
    expect(Array.from(p.sent[0].args[1] as Float32Array)).toEqual([Math.fround(0.1), Math.fround(-0.2)]);
  });

  it('sends a request message on the request channel and resolves with its result', async () => {
    const p = loadPreload((m) => ({ type: 'response', id: m.id, ok: true, result: { echoed: m.name } }));
    const bridge = p.exposed.get('serBridge') as { request(name: string, args: unknown): Promise<unknown> };
    await expect(bridge.request('app.info', {})).resolves.toEqual({ echoed: 'app.info' });
    await bridge.request('corpus.recent', {});
    expect(p.invoked.map((i) => i.channel)).toEqual([IPC_REQUEST_CHANNEL, IPC_REQUEST_CHANNEL]);
    expect(p.invoked.map((i) => i.message)).toEqual([
      { type: 'request', id: 1, name: 'app.info', args: {} },
      { type: 'request', id: 2, name: 'corpus.recent', args: {} },
    ]);
  });

  it('rejects with a plain { code, message } object, which crosses the context bridge intact', async () => {
    const p = loadPreload((m) => ({ type: 'response', id: m.id, ok: false, error: { code: 'not-found', message: 'no model x' } }));
    const bridge = p.exposed.get('serBridge') as { request(name: string, args: unknown): Promise<unknown> };
    const err = await bridge.request('model.delete', { id: 'x' }).catch((e: unknown) => e);
    expect(err).toEqual({ code: 'not-found', message: 'no model x' });
    expect(err).not.toBeInstanceOf(Error);
  });

  it('delivers events to a subscriber until it unsubscribes', () => {
    const p = loadPreload(() => null);
    const bridge = p.exposed.get('serBridge') as { subscribe(l: (e: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = bridge.subscribe((e) => seen.push(e));
    p.emit({ name: 'job.state', payload: { jobId: 'a' } });
    off();
    p.emit({ name: 'job.state', payload: { jobId: 'b' } });
    expect(seen).toEqual([{ name: 'job.state', payload: { jobId: 'a' } }]);
    expect(p.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });
});
