/**
 * The Electron main process against a stand-in `electron` module (no Electron binary here): the
 * window's webPreferences, navigation and new-window blocking, permissions, the IPC sender check,
 * the renderer's CSP and the media protocol's path confinement, checked by behaviour.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeWavPcm16 } from '../core/audio/encode';
import { IPC_REQUEST_CHANNEL } from './ipc-channels';

type Handler = (...args: never[]) => unknown;
const fake = vi.hoisted(() => {
  const listeners = (target: Record<string, Handler[]>) => (name: string, fn: Handler) => void (target[name] = [...(target[name] ?? []), fn]);
  const state = {
    windows: [] as { options: Record<string, unknown>; webContents: FakeWebContents }[],
    protocolHandler: undefined as undefined | ((request: Request) => Promise<Response>),
    ipcHandlers: new Map<string, Handler>(),
    permissionRequest: undefined as undefined | Handler,
    permissionCheck: undefined as undefined | Handler,
    opened: [] as string[],
  };
  class FakeWebContents {
    events: Record<string, Handler[]> = {};
    on = listeners(this.events);
    windowOpenHandler: Handler | undefined;
    mainFrame = { url: 'app://renderer/index.html' };
    setWindowOpenHandler(fn: Handler) {
      this.windowOpenHandler = fn;
    }
    send() {}
  }
  class BrowserWindow {
    webContents = new FakeWebContents();
    events: Record<string, Handler[]> = {};
    on = listeners(this.events);
    once = listeners(this.events);
    constructor(options: Record<string, unknown>) {
      state.windows.push({ options, webContents: this.webContents });
    }
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    maximize() {}
  }
  const electron = {
    app: {
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => join(process.env.SER_TEST_USERDATA ?? '/nonexistent'),
      on: () => undefined,
      quit: () => undefined,
      isPackaged: false,
      getName: () => 'SER Studio',
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    dialog: { showMessageBoxSync: () => 0, showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    screen: { getAllDisplays: () => [] },
    shell: { openExternal: async (url: string) => void state.opened.push(url) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Handler) => (state.permissionCheck = fn),
      },
    },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => (state.protocolHandler = fn),
    },
    ipcMain: {
      handle: (channel: string, fn: Handler) => state.ipcHandlers.set(channel, fn),
      removeHandler: () => undefined,
      on: (channel: string, fn: Handler) => state.ipcHandlers.set(`on:${channel}`, fn),
      removeListener: () => undefined,
    },
  };
  return { state, electron, FakeWebContents };
});
vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
let work: string;
let corpus: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ser-electron-main-'));
  corpus = join(work, 'corpus');
  mkdirSync(join(corpus, 'angry'), { recursive: true });
  writeFileSync(join(corpus, 'angry', 'a.wav'), encodeWavPcm16(new Float32Array(800).fill(0.1), 8000));
  writeFileSync(join(work, 'outside.wav'), encodeWavPcm16(new Float32Array(800), 8000));
  process.env.SER_TEST_USERDATA = join(work, 'userdata');
  process.env.SER_MODELS_DIR = join(work, 'models');
  process.argv.push('--open-corpus', corpus);
  await import('./main');
  await vi.waitFor(() => expect(state.windows).toHaveLength(1), { timeout: 20_000 });
});
afterAll(() => {
  process.argv.splice(process.argv.indexOf('--open-corpus'), 2);
  delete process.env.SER_TEST_USERDATA;
  delete process.env.SER_MODELS_DIR;
  rmSync(work, { recursive: true, force: true });
});

const win = () => state.windows[0]!;
const fire = (name: string, ...args: unknown[]) => {
  for (const fn of win().webContents.events[name] ?? []) (fn as (...a: unknown[]) => void)(...args);
};
const navigationEvent = () => ({
  prevented: false,
  preventDefault() {
    this.prevented = true;
  },
});
const fetchApp = (url: string) => state.protocolHandler!(new Request(url));

describe('Electron main process (stand-in electron module)', () => {
  it('opens one window with isolated, sandboxed, node-free webPreferences and the bundled preload', () => {
    expect(win().options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String((win().options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
  });

  it('blocks navigation away from the app (web links go to the system browser), redirects, new windows and webviews', async () => {
    const away = navigationEvent();
    fire('will-navigate', away, 'https://example.com/phish');
    expect(away.prevented).toBe(true);
    expect(state.opened).toEqual(['https://example.com/phish']);
    const file = navigationEvent();
    fire('will-navigate', file, 'file:///etc/passwd');
    expect(file.prevented).toBe(true);
    expect(state.opened).toEqual(['https://example.com/phish']); // never handed to the OS
    const inside = navigationEvent();
    fire('will-navigate', inside, 'app://renderer/index.html#train');
    expect(inside.prevented).toBe(false);
    const redirect = navigationEvent();
    fire('will-redirect', redirect, 'https://example.com/');
    expect(redirect.prevented).toBe(true);
    expect(win().webContents.windowOpenHandler!({ url: 'app://renderer/index.html' } as never)).toEqual({ action: 'deny' });
    const webview = navigationEvent();
    fire('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('grants the microphone (audio only) to its own page and refuses every other permission', () => {
    const ask = (wc: unknown, permission: string, details: Record<string, unknown>) =>
      new Promise<boolean>((resolve) => (state.permissionRequest as unknown as (...a: unknown[]) => void)(wc, permission, resolve, details));
    const own = win().webContents;
    const page = { requestingUrl: 'app://renderer/index.html' };
    return Promise.all([
      expect(ask(own, 'media', { ...page, mediaTypes: ['audio'] })).resolves.toBe(true),
      expect(ask(own, 'media', { ...page, mediaTypes: ['audio', 'video'] })).resolves.toBe(false),
      expect(ask(own, 'geolocation', page)).resolves.toBe(false),
      expect(ask(new fake.FakeWebContents(), 'media', { ...page, mediaTypes: ['audio'] })).resolves.toBe(false),
      expect(ask(own, 'media', { requestingUrl: 'https://example.com/', mediaTypes: ['audio'] })).resolves.toBe(false),
    ]);
  });

  it('answers IPC requests from its own window only', async () => {
    const handler = state.ipcHandlers.get(IPC_REQUEST_CHANNEL) as unknown as (
      event: unknown,
      message: unknown,
    ) => Promise<{ ok: boolean; error?: { code: string } }>;
    const message = { type: 'request', id: 1, name: 'app.info', args: {} };
    const own = win().webContents;
    expect(await handler({ sender: own, senderFrame: own.mainFrame }, message)).toMatchObject({ ok: true });
    const stranger = new fake.FakeWebContents();
    expect(await handler({ sender: stranger, senderFrame: stranger.mainFrame }, message)).toMatchObject({ ok: false, error: { code: 'invalid-message' } });
    const subframe = { url: 'app://renderer/index.html' };
    expect(await handler({ sender: own, senderFrame: subframe }, message)).toMatchObject({ ok: false });
    const foreignPage = { ...own, mainFrame: { url: 'https://example.com/' } };
    expect(await handler({ sender: own, senderFrame: foreignPage.mainFrame }, message)).toMatchObject({ ok: false });
  });

  it('serves the renderer with a CSP that allows only its own scripts', async () => {
    const page = await fetchApp('app://renderer/index.html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(scripts).toContain("'self'");
    expect(scripts).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/); // 'wasm-unsafe-eval' (WebAssembly only) is fine
    expect((await fetchApp('app://renderer/../../etc/passwd')).status).toBe(404);
    expect((await fetchApp('app://elsewhere/index.html')).status).toBe(404);
    const post = await state.protocolHandler!(new Request('app://renderer/index.html', { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
  });

  it('serves clip media from the opened folder only', async () => {
    const clip = (path: string) => fetchApp(`app://media/clip?path=${encodeURIComponent(path)}`);
    const inside = await clip(join(corpus, 'angry', 'a.wav'));
    expect(inside.status).toBe(200);
    expect(inside.headers.get('content-type')).toBe('audio/wav');
    expect((await clip(join(work, 'outside.wav'))).status).toBe(403);
    expect((await clip(`${corpus}/angry/../../outside.wav`)).status).toBe(403);
    expect((await clip('/etc/passwd')).status).toBe(403);
    expect((await clip('relative/a.wav')).status).toBe(400);
  });
});
