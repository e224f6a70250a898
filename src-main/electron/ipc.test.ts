// The main side of the api's IPC with a mocked electron module (no Electron binary here): requests
// and binary live audio are accepted from the app's own window only (the preload: bundle.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;
const ipc = vi.hoisted(() => ({
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  listeners: new Map<string, Listener>(),
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => ipc.handlers.set(channel, fn),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
    on: (channel: string, fn: Listener) => ipc.listeners.set(channel, fn),
    removeListener: (channel: string) => ipc.listeners.delete(channel),
  },
}));

const { connectIpc } = await import('./ipc');
const { IPC_AUDIO_CHANNEL, IPC_REQUEST_CHANNEL } = await import('./ipc-channels');

function fakeWindow(url = 'app://renderer/index.html') {
  const mainFrame = { url };
  const webContents = { mainFrame, send: vi.fn() };
  return { webContents, isDestroyed: () => false };
}

describe('Electron IPC (mocked electron)', () => {
  beforeEach(() => {
    ipc.handlers.clear();
    ipc.listeners.clear();
  });

  it('main passes audio from its own window to the api and drops audio from any other sender', () => {
    const win = fakeWindow();
    const pushAudio = vi.fn();
    const api = { pushAudio, handleMessage: vi.fn(async () => ({ ok: true })), subscribe: () => () => undefined };
    const dispose = connectIpc(api as never, () => win as never);
    const onAudio = ipc.listeners.get(IPC_AUDIO_CHANNEL)!;
    const samples = new Float32Array([0.5]);
    onAudio({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 'session-1', samples);
    expect(pushAudio).toHaveBeenCalledWith('session-1', samples);

    const stranger = fakeWindow('https://example.com/');
    onAudio({ sender: stranger.webContents, senderFrame: stranger.webContents.mainFrame }, 'session-1', samples);
    onAudio({ sender: win.webContents, senderFrame: { url: 'https://example.com/' } }, 'session-1', samples);
    onAudio({ sender: win.webContents, senderFrame: win.webContents.mainFrame }, 42, samples);
    expect(pushAudio).toHaveBeenCalledTimes(1);

    dispose();
    expect(ipc.listeners.has(IPC_AUDIO_CHANNEL)).toBe(false);
    expect(ipc.handlers.has(IPC_REQUEST_CHANNEL)).toBe(false);
  });

  it('main refuses requests from another frame', async () => {
    const win = fakeWindow();
    const api = { pushAudio: vi.fn(), handleMessage: vi.fn(async () => ({ ok: true })), subscribe: () => () => undefined };
    connectIpc(api as never, () => win as never);
    const handle = ipc.handlers.get(IPC_REQUEST_CHANNEL)!;
    const reply = await handle(
      { sender: win.webContents, senderFrame: { url: 'https://example.com/' } },
      { type: 'request', id: 1, name: 'app.info', args: {} },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    expect(api.handleMessage).not.toHaveBeenCalled();
  });
});
