/** Test helper: an ApiServer of the browser shell on scratch folders (models, cache, recordings), recording its events. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEvent, EventPayload } from '../api/contract';
import { ApiServer } from '../api/server';
import { StateFile } from '../shell/state-file';

export interface TestApi {
  api: ApiServer;
  scratch: string;
  recordings: string;
  /** The payloads of every `name` event so far. */
  of<N extends ApiEvent['name']>(name: N): EventPayload<N>[];
  /** Disposes the server and removes the scratch folder. */
  dispose(): void;
}

export function testApiServer(prefix: string): TestApi {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  const recordings = join(scratch, 'recordings');
  const api = new ApiServer(
    {
      shell: 'browser',
      versions: {},
      typedPathsGrantAccess: true,
      modelsDir: join(scratch, 'models'),
      cacheDir: join(scratch, 'cache'),
      recordingsDir: recordings,
      builtInModelsDir: null,
    },
    new StateFile(null),
  );
  const events: ApiEvent[] = [];
  api.subscribe((e) => events.push(e));
  return {
    api,
    scratch,
    recordings,
    of: <N extends ApiEvent['name']>(name: N) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<N>),
    dispose() {
      api.dispose();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
