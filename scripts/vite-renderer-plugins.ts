/** Vite plugins of the renderer build (vite.config.ts). */
import type { Plugin } from 'vite';

/**
 * wavesurfer's spectrogram plugin carries rollup-plugin-web-worker-loader's Node fallback, a
 * `require('worker_threads')` behind typeof checks that are false in a browser (and the app passes
 * useWebWorker: false). Resolving it to an empty module says what is true, that the renderer has no
 * worker_threads, where Vite would otherwise externalise a Node built-in into browser code and warn
 * about it on every build.
 */
export function noWorkerThreadsInRenderer(): Plugin {
  const empty = '\0ser:no-worker-threads';
  return {
    name: 'ser:no-worker-threads',
    enforce: 'pre',
    resolveId: (source, importer) =>
      (source === 'worker_threads' || source === 'node:worker_threads') && importer?.includes('/wavesurfer.js/') ? empty : undefined,
    load: (id) => (id === empty ? 'export const Worker = undefined;\nexport default {};\n' : undefined),
  };
}
