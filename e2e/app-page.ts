/** Page object of the app frame and the corpus view, by roles and accessible names (see E2E selectors). */
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { RequestArgs, RequestName, RequestResult } from '../src-main/api/contract';

export class AppPage {
  constructor(readonly page: Page) {}

  tab(name: 'Corpus' | 'Train' | 'Evaluate' | 'Live' | 'Models'): Locator {
    return this.page.getByRole('navigation', { name: 'Views' }).getByRole('tab', { name, exact: true });
  }

  get statusBar(): Locator {
    return this.page.getByRole('status', { name: 'Status bar' });
  }
  get summary(): Locator {
    return this.page.getByRole('region', { name: 'Corpus summary' });
  }
  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Clips' });
  }
  get filteredCount(): Locator {
    return this.page.getByTestId('filtered-count');
  }
  get inspector(): Locator {
    return this.page.getByRole('region', { name: 'Clip inspector' });
  }
  get mlBackend(): Locator {
    return this.statusBar.getByTestId('ml-backend');
  }
  get runningJobs(): Locator {
    return this.statusBar.getByTestId('running-jobs');
  }

  /**
   * Asks the app's api from inside the page, the way the renderer does: the preload bridge in Electron, else a
   * WebSocket of its own to the host with the page's token. What the UI shows is then checked against the answer.
   */
  async request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
    return this.page.evaluate(
      ([name, args]) => {
        const bridge = (window as { serBridge?: { request(n: string, a: unknown): Promise<unknown> } }).serBridge;
        if (bridge) return bridge.request(name, args);
        const token = new URLSearchParams(location.search).get('token') ?? '';
        return new Promise((resolve, reject) => {
          const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'request', id: 1, name, args }));
          ws.onerror = () => reject(new Error(`the api WebSocket failed (${name})`));
          ws.onmessage = (ev) => {
            const msg = JSON.parse(String(ev.data));
            if (msg.type !== 'response' || msg.id !== 1) return; // events to every client
            ws.close();
            if (msg.ok) resolve(msg.result);
            else reject(new Error(`${name}: ${msg.error.code}: ${msg.error.message}`));
          };
        });
      },
      [name, args] as const,
    ) as Promise<RequestResult<N>>;
  }

  /** Types the folder into the path box (browser host: no native dialog) and opens it. */
  async openByPath(dir: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Corpus folder' }).fill(dir);
    await this.page.getByRole('button', { name: 'Open corpus' }).click();
  }

  async waitForCorpus(clips: number): Promise<void> {
    await expect(this.summary.getByTestId('clip-count')).toHaveAttribute('data-value', String(clips), { timeout: 30_000 });
  }

  async numberOf(testId: string): Promise<number> {
    return Number(await this.summary.getByTestId(testId).getAttribute('data-value'));
  }

  /** label → count as the summary's "Clips per label" list shows them. */
  async labelCounts(): Promise<Record<string, number>> {
    const list = this.summary.locator('[aria-label="Clips per label"] [data-label]');
    await expect(list.first()).toBeVisible();
    const pairs = await list.evaluateAll((els) => els.map((e) => [e.getAttribute('data-label') ?? '', Number(e.getAttribute('data-value'))] as const));
    return Object.fromEntries(pairs);
  }

  async shownCount(): Promise<number> {
    return Number(await this.filteredCount.getAttribute('data-value'));
  }

  /** The first number in the playback position (seconds). */
  async playbackSeconds(): Promise<number> {
    const text = (await this.inspector.getByLabel('Playback position').textContent()) ?? '';
    const m = /[\d.]+/.exec(text);
    return m ? Number(m[0]) : NaN;
  }

  /** True when one of `canvases` has a non-transparent pixel (reaches into shadow roots). */
  async hasDrawnPixels(canvases: Locator): Promise<boolean> {
    await expect(canvases.first()).toBeAttached();
    const counts = await canvases.evaluateAll((els) =>
      (els as HTMLCanvasElement[]).map((c) => {
        if (!c.width || !c.height) return 0;
        const ctx = c.getContext('2d');
        if (!ctx) return 0;
        const { data } = ctx.getImageData(0, 0, c.width, c.height);
        let drawn = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn++;
        return drawn;
      }),
    );
    return counts.some((n) => n > 0);
  }

  async screenshot(testInfo: TestInfo, name: string): Promise<void> {
    const path = testInfo.outputPath(`${name}.png`);
    await this.page.screenshot({ path, fullPage: false });
    await testInfo.attach(name, { path, contentType: 'image/png' });
  }
}
