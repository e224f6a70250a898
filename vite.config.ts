import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { noWorkerThreadsInRenderer } from './scripts/vite-renderer-plugins.ts';

// The renderer is served by the browser host over HTTP and by Electron through app://,
// so every asset URL is relative (base './').
export default defineConfig({
  root: 'src-renderer',
  base: './',
  // root is src-renderer, so point the plugin at the project's svelte.config.js explicitly.
  plugins: [noWorkerThreadsInRenderer(), svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: { strictPort: false },
});
