/**
 * The sandboxed preload: exposes `window.serBridge = { request, subscribe, pushAudio }` through contextBridge.
 * ipcRenderer itself never reaches the page; only the api's three channels are used.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiEvent, ResponseMessage, SerBridge } from '../api/contract';
import { IPC_AUDIO_CHANNEL, IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from './ipc-channels';

let nextId = 1;

const bridge: SerBridge = {
  async request(name, args) {
    const response = (await ipcRenderer.invoke(IPC_REQUEST_CHANNEL, { type: 'request', id: nextId++, name, args })) as ResponseMessage;
    if (response.ok) return response.result as never;
    // A plain object (not an Error) crosses the context bridge with its fields intact.
    throw { code: response.error.code, message: response.error.message };
  },
  subscribe(listener) {
    const forward = (_e: IpcRendererEvent, event: ApiEvent) => listener(event);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
  pushAudio(sessionId, samples) {
    // A typed array crosses IPC by structured clone as binary, never as a JSON list of numbers.
    ipcRenderer.send(IPC_AUDIO_CHANNEL, sessionId, samples);
  },
};

contextBridge.exposeInMainWorld('serBridge', bridge);
