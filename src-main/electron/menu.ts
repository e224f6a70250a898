/** The application menu: File (Open corpus folder…, Open recent, Quit), View, Help (About). */
import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ApiServer } from '../api/server';
import { APP_VERSION } from '../core/app-dirs';

export interface MenuDeps {
  api: ApiServer;
  getWindow(): BrowserWindow | null;
  /** Grants the folder and asks the renderer to open it. */
  openCorpus(path: string): Promise<void>;
}

export async function chooseCorpusFolder(win: BrowserWindow | null): Promise<string | null> {
  const options: Electron.OpenDialogOptions = { title: 'Open corpus folder', properties: ['openDirectory'] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
}

function aboutText(api: ApiServer): string {
  const info = api.context;
  const v = process.versions;
  const backend = info.mlBackend.name ? `${info.mlBackend.name} (${info.mlBackend.detail})` : info.mlBackend.detail;
  return [
    `Version ${APP_VERSION}`,
    `Electron ${v.electron} · Chromium ${v.chrome} · Node ${v.node} · V8 ${v.v8}`,
    `ML backend: ${backend}`,
    `Models: ${info.modelsDir}`,
  ].join('\n');
}

export function buildMenu(deps: MenuDeps): void {
  const { api } = deps;
  const recent = api.context.state.get().recent;
  const isMac = process.platform === 'darwin';
  const report = (err: unknown) => dialog.showErrorBox('Could not open the corpus', err instanceof Error ? err.message : String(err));

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open corpus folder…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const path = await chooseCorpusFolder(deps.getWindow());
          if (path) await deps.openCorpus(path).catch(report);
        },
      },
      {
        label: 'Open recent',
        submenu: recent.length
          ? recent.map((r) => ({ label: r.path, click: () => void deps.openCorpus(r.path).catch(report) }))
          : [{ label: 'No recent folders', enabled: false }],
      },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      {
        label: 'About SER Studio',
        click: () => {
          const win = deps.getWindow();
          const opts = { type: 'info' as const, title: 'About SER Studio', message: 'SER Studio', detail: aboutText(api), buttons: ['OK'] };
          void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
        },
      },
      { label: 'Electron security checklist', click: () => void shell.openExternal('https://www.electronjs.org/docs/latest/tutorial/security') },
    ],
  };
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    help,
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
