/**
 * Electron main process, kept thin: one secure window, the app:// protocol, the menu, dialogs and
 * permissions. Everything the renderer asks for goes through the same ApiServer the browser host uses.
 */
import { app, BrowserWindow, dialog, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appHostOf, RENDERER_HOST, RENDERER_ORIGIN } from './ipc-channels';
import { defaultRendererDir } from '../shell/renderer-files';
import { ApiServer } from '../api/server';
import { StateFile, type WindowBounds } from '../shell/state-file';
import { folderOptions } from '../shell/folder-options';
import { connectIpc } from './ipc';
import { buildMenu, chooseCorpusFolder } from './menu';
import { handleAppScheme, registerAppScheme } from './protocol';

const here = dirname(fileURLToPath(import.meta.url));
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void start();
}

/** `--open-corpus <dir>` or a bare folder argument. */
function corpusFromArgv(argv: string[]): string | null {
  const i = argv.indexOf('--open-corpus');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]);
  const bare = argv.slice(app.isPackaged ? 1 : 2).find((a) => !a.startsWith('-') && existsSync(a));
  return bare ? resolve(bare) : null;
}

async function start(): Promise<void> {
  await app.whenReady();
  const state = new StateFile(join(app.getPath('userData'), 'state.json'));
  const saved = await state.load();
  let win: BrowserWindow | null = null;
  const getWindow = () => win;
  const requireWindow = () => {
    if (!win || win.isDestroyed()) throw new Error('the app window is closed');
    return win;
  };

  const fromArgv = corpusFromArgv(process.argv);
  const startupCorpus = fromArgv ?? (saved.lastCorpus && existsSync(saved.lastCorpus) ? saved.lastCorpus : null);
  const api = new ApiServer(
    {
      shell: 'electron',
      versions: { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, v8: process.versions.v8 },
      typedPathsGrantAccess: false,
      startupCorpus,
      ...folderOptions(process.argv),
      dialogs: {
        chooseFolder: () => chooseCorpusFolder(win),
        chooseSaveFile: async (defaultName) => {
          const r = await dialog.showSaveDialog(requireWindow(), {
            title: 'Export model',
            defaultPath: defaultName,
            filters: [{ name: 'Model archive', extensions: ['zip'] }],
          });
          return r.canceled || !r.filePath ? null : r.filePath;
        },
        chooseModelSource: async () => {
          const r = await dialog.showOpenDialog(requireWindow(), {
            title: 'Import model',
            properties: ['openFile', 'openDirectory'],
            filters: [{ name: 'Model archive', extensions: ['zip'] }],
          });
          return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
        },
      },
    },
    state,
  );
  // Folders the user chose before (dialog, recent list, command line) stay usable.
  for (const dir of [startupCorpus, ...saved.recent.map((r) => r.path)]) {
    if (dir && existsSync(dir)) await api.grant(dir).catch(() => undefined);
  }
  if (startupCorpus) {
    const root = await api.grant(startupCorpus).catch(() => null);
    if (root) api.prefetchCorpus(root);
  }

  const openCorpus = async (path: string) => {
    const root = await api.grant(path);
    api.emit('corpus.openRequested', { path: root });
  };
  api.context.onCorpusOpened = () => buildMenu({ api, getWindow, openCorpus });
  buildMenu({ api, getWindow, openCorpus });

  handleAppScheme(defaultRendererDir(), api.access);
  restrictPermissions(getWindow);
  const disconnect = connectIpc(api, getWindow);

  win = createWindow(saved.window);
  app.on('second-instance', (_e, argv) => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
    const dir = corpusFromArgv(argv);
    if (dir) void openCorpus(dir).catch(() => undefined);
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    disconnect();
    api.dispose();
  });

  function createWindow(saved: WindowBounds | undefined): BrowserWindow {
    const bounds = visibleBounds(saved);
    const w = new BrowserWindow({
      width: bounds?.width ?? 1280,
      height: bounds?.height ?? 820,
      x: bounds?.x,
      y: bounds?.y,
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: 'SER Studio',
      backgroundColor: '#1e1f24',
      webPreferences: {
        preload: join(here, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        webviewTag: false,
        spellcheck: false,
      },
    });
    if (bounds?.maximized) w.maximize();
    w.once('ready-to-show', () => w.show());
    lockNavigation(w);
    let timer: NodeJS.Timeout | undefined;
    const remember = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (w.isDestroyed()) return;
        const b = w.getNormalBounds();
        void state.update((s) => (s.window = { ...b, maximized: w.isMaximized() }));
      }, 500);
    };
    w.on('resize', remember);
    w.on('move', remember);
    w.on('close', (event) => {
      // Closing ends every running or queued job (a training run is lost): ask first.
      const unfinished = api.context.jobs.unfinishedSummary;
      if (unfinished) {
        const choice = dialog.showMessageBoxSync(w, {
          type: 'warning',
          buttons: ['Keep running', 'Quit and stop'],
          defaultId: 0,
          cancelId: 0,
          message: unfinished,
          detail: 'Quitting stops them; a training run that is stopped or never started saves no model.',
        });
        if (choice === 0) {
          event.preventDefault();
          return;
        }
      }
      clearTimeout(timer);
      const b = w.getNormalBounds();
      void state.update((s) => (s.window = { ...b, maximized: w.isMaximized() }));
    });
    w.on('closed', () => (win = null));
    void w.loadURL(`${RENDERER_ORIGIN}/index.html`);
    return w;
  }
}

/** The saved bounds, without a position that would put the window on a display that is gone. */
function visibleBounds(saved: WindowBounds | undefined): WindowBounds | undefined {
  if (!saved || saved.x === undefined || saved.y === undefined) return saved;
  const { x, y, width } = saved;
  const onScreen = screen
    .getAllDisplays()
    .some(({ workArea: a }) => x + width > a.x + 40 && x < a.x + a.width - 40 && y >= a.y - 10 && y < a.y + a.height - 40);
  return onScreen ? saved : { width: saved.width, height: saved.height, maximized: saved.maximized };
}

/** No navigation away from the app and no new windows; web links open in the system browser. */
function lockNavigation(w: BrowserWindow): void {
  const external = (url: string) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
  };
  w.webContents.on('will-navigate', (event, url) => {
    if (appHostOf(url) === RENDERER_HOST) return;
    event.preventDefault();
    external(url);
  });
  w.webContents.on('will-redirect', (event, url) => {
    if (appHostOf(url) !== RENDERER_HOST) event.preventDefault();
  });
  w.webContents.setWindowOpenHandler(({ url }) => {
    external(url);
    return { action: 'deny' };
  });
  w.webContents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The microphone (audio only) for the app's own page; every other permission is refused. */
function restrictPermissions(getWindow: () => BrowserWindow | null): void {
  const ses = session.defaultSession;
  const ownPage = (wc: Electron.WebContents | null, url: string) => {
    const win = getWindow();
    return !!win && wc === win.webContents && appHostOf(url) === RENDERER_HOST;
  };
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    if (permission !== 'media') return callback(false);
    const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(ownPage(wc, details.requestingUrl) && types.every((t) => t === 'audio'));
  });
  ses.setPermissionCheckHandler((wc, permission, requestingOrigin) => permission === 'media' && ownPage(wc, requestingOrigin));
}
