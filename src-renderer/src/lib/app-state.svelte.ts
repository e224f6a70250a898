// App-wide state: the current view, the host's info (versions, ML backend, shell) and the connection.
// Jobs are in jobs-state, models in models-state.
import { api, errorMessage } from './api';
import type { ConnectionStatus } from './api';
import type { AppInfo } from '../../../src-main/api/contract';
import type { ViewId } from './views';

class AppState {
  view = $state<ViewId>('corpus');
  info = $state<AppInfo | undefined>(undefined);
  infoError = $state<string | undefined>(undefined);
  connection = $state<ConnectionStatus>({ state: 'connecting' });

  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.onStatus((s) => (this.connection = s));
    api.onConnected(() => void this.refresh());
    // The ML backend is chosen by the first job's worker: ask again when a job ends, so the status bar follows.
    api.on('job.state', (job) => {
      if (job.state !== 'running') void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    try {
      this.info = await api.request('app.info', {});
      this.infoError = undefined;
    } catch (err) {
      this.infoError = errorMessage(err);
    }
  }
}

export const app = new AppState();
