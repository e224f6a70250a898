/** settings.get and cache.clear: the app's folders as this run uses them, and the feature cache's size. */
import { defaultCacheDir, defaultRecordingsDir, folderSource } from '../core/app-dirs';
import { cacheUsage, clearCache } from '../core/features/cache-usage';
import type { FolderSetting, Requests } from './contract';
import type { ApiContext } from './context';

type Handler<N extends keyof Requests> = (args: Requests[N]['args']) => Promise<Requests[N]['result']>;

export function settingsHandlers(ctx: ApiContext): { 'settings.get': Handler<'settings.get'>; 'cache.clear': Handler<'cache.clear'> } {
  const o = ctx.options;
  const cacheDir = () => o.cacheDir ?? defaultCacheDir();
  const setting = (
    path: string,
    fromOption: boolean,
    option: string,
    environment: 'SER_MODELS_DIR' | 'SER_CACHE_DIR' | 'SER_RECORDINGS_DIR',
  ): FolderSetting => ({
    path,
    source: folderSource(environment, fromOption),
    option,
    environment,
  });
  return {
    async 'settings.get'() {
      return {
        folders: {
          models: setting(ctx.modelsDir, o.modelsDir !== undefined, '--models-dir', 'SER_MODELS_DIR'),
          cache: setting(cacheDir(), o.cacheDir !== undefined, '--cache-dir', 'SER_CACHE_DIR'),
          recordings: setting(o.recordingsDir ?? defaultRecordingsDir(), o.recordingsDir !== undefined, '--recordings-dir', 'SER_RECORDINGS_DIR'),
        },
        cache: await cacheUsage(cacheDir()),
      };
    },
    async 'cache.clear'() {
      return clearCache(cacheDir());
    },
  };
}
