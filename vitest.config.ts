import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-renderer/**/*.spec.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Worker-thread tests spawn the bundled workers in dist-main.
    globalSetup: ['./scripts/vitest-global-setup.ts'],
  },
});
