/**
 * Fixtures: `openApp()` gives the app in the current project's shell — the browser host in Debian's
 * Chromium, or Electron through `_electron.launch` (skipped with a clear message where no binary exists).
 */
import { _electron, test as base, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppPage } from './app-page';
import { electronBinary, projectRoot, startHostProcess, type HostProcess } from './processes';

export type Shell = 'browser' | 'electron';

export interface OpenAppOptions {
  /** Open this corpus: typed into the path box (browser) or passed as --open-corpus (Electron). */
  corpus?: string;
}

interface TestFixtures {
  shell: Shell;
  openApp: (opts?: OpenAppOptions) => Promise<AppPage>;
}

export const test = base.extend<TestFixtures, { host: HostProcess }>({
  host: [
    async ({}, use) => {
      const host = await startHostProcess();
      await use(host);
      await host.stop();
    },
    { scope: 'worker' },
  ],

  shell: [
    async ({}, use, testInfo) => {
      const shell = (testInfo.project.metadata?.shell ?? 'browser') as Shell;
      if (shell === 'electron') {
        const found = electronBinary();
        testInfo.skip('reason' in found, `Electron specs skipped: ${'reason' in found ? found.reason : ''}; the same specs ran against the browser host.`);
      }
      await use(shell);
    },
    { auto: true },
  ],

  openApp: async ({ shell, host, browser }, use, testInfo) => {
    const launched: ElectronApplication[] = [];
    const homes: string[] = [];
    await use(async (opts = {}) => {
      if (shell === 'browser') {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        const page = await context.newPage();
        page.on('pageerror', (err) => testInfo.annotations.push({ type: 'page error', description: err.message }));
        await page.goto(host.url);
        const app = new AppPage(page);
        if (opts.corpus) await app.openByPath(opts.corpus);
        return app;
      }
      const found = electronBinary();
      if ('reason' in found) throw new Error(found.reason);
      const home = mkdtempSync(join(tmpdir(), 'ser-e2e-electron-'));
      homes.push(home);
      const app = await _electron.launch({
        executablePath: found.bin,
        args: [projectRoot, ...(opts.corpus ? ['--open-corpus', opts.corpus] : [])],
        env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') } as Record<
          string,
          string
        >,
      });
      launched.push(app);
      const page = await app.firstWindow();
      await page.setViewportSize({ width: 1400, height: 900 });
      return new AppPage(page);
    });
    for (const app of launched) await app.close();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
