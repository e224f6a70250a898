/**
 * The api over Electron IPC: one invoke channel for requests, one send channel for events. Like
 * electron/fiddle's IpcMainManager, messages from any frame but the app's own window are refused.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { ResponseMessage } from '../api/contract';
import { appHostOf, IPC_AUDIO_CHANNEL, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, RENDERER_HOST } from './ipc-channels';
import type { ApiServer } from '../api/server';

function fromOwnWindow(event: IpcMainInvokeEvent | IpcMainEvent, win: BrowserWindow | null): boolean {
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== win.webContents.mainFrame) return false;
  return appHostOf(frame.url) === RENDERER_HOST;
}

/** Routes requests from `getWindow()`'s page to the api and its events back; returns the disposer. */
export function connectIpc(api: ApiServer, getWindow: () => BrowserWindow | null): () => void {
  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, message: unknown): Promise<ResponseMessage> => {
    if (!fromOwnWindow(event, getWindow())) {
      return { type: 'response', id: -1, ok: false, error: { code: 'invalid-message', message: 'requests are accepted only from the app window' } };
    }
    return api.handleMessage(message);
  });
  const onAudio = (event: IpcMainEvent, sessionId: unknown, samples: unknown) => {
    if (!fromOwnWindow(event, getWindow()) || typeof sessionId !== 'string') return;
    // pushAudio refuses anything but a Float32Array of finite samples (as a live.error event).
    api.pushAudio(sessionId, samples as Float32Array);
  };
  ipcMain.on(IPC_AUDIO_CHANNEL, onAudio);
  const unsubscribe = api.subscribe((e) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e);
  });
  return () => {
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
    ipcMain.removeListener(IPC_AUDIO_CHANNEL, onAudio);
    unsubscribe();
  };
}
