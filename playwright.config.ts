import { defineConfig } from '@playwright/test';
import { electronBinary } from './e2e/processes';

// Say once (not in every worker) why the Electron project will skip.
const electron = electronBinary();
if ('reason' in electron && !process.env.SER_E2E_ELECTRON_NOTED) {
  process.env.SER_E2E_ELECTRON_NOTED = '1';
  console.log(`Electron project: every spec is skipped because ${electron.reason}; the browser project runs them against the browser host.`);
}

/**
 * End-to-end tests against the browser host (Debian's Chromium; the Playwright browser download cannot
 * work offline) and, where an Electron binary exists, the same specs through `_electron.launch`.
 * The host is started per worker by the fixture in e2e/fixtures.ts.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1, // 2 shared cores: one browser at a time keeps timings honest
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
    },
  },
  projects: [
    { name: 'browser', use: { browserName: 'chromium' }, metadata: { shell: 'browser' } },
    { name: 'electron', metadata: { shell: 'electron' } },
  ],
});
