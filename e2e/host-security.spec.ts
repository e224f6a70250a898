/** The browser host refuses requests without its token or from another origin — over HTTP and WebSocket. */
import { expect, test } from './fixtures';

test.describe('browser host access control', () => {
  test.skip(({ shell }) => shell !== 'browser', 'host access control concerns the browser host only');

  test('HTTP without the token is refused (401), with a wrong token too (403)', async ({ host, request }) => {
    expect((await request.get(`${host.origin}/`)).status()).toBe(401);
    expect((await request.get(`${host.origin}/index.html`)).status()).toBe(401);
    expect((await request.get(`${host.origin}/?token=not-the-token`)).status()).toBe(403);
    expect((await request.get(`${host.origin}/media/clip?path=%2Fetc%2Fpasswd`)).status()).toBe(401);
    expect((await request.get(host.url)).status()).toBe(200);
  });

  test('the page without its token (or with an old one) says to use the URL npm start printed', async ({ host, browser }) => {
    const page = await (await browser.newContext()).newPage();
    for (const url of [`${host.origin}/`, `${host.origin}/?token=from-an-earlier-run`]) {
      await page.goto(url);
      await expect(page.getByRole('heading', { name: 'SER Studio is running here, but needs its token' })).toBeVisible();
      await expect(page.getByText('npm start', { exact: true })).toBeVisible();
      await expect(page.getByText('Listening on http://127.0.0.1:…/?token=…')).toBeVisible();
    }
    await expect(page.getByText(/from an earlier run, or mistyped/)).toBeVisible();
    await page.context().close();
  });

  test('a foreign Origin is refused even with the token', async ({ host, request }) => {
    const r = await request.get(host.url, { headers: { Origin: 'http://evil.example' } });
    expect(r.status()).toBe(403);
  });

  test('WebSocket upgrades without the token or from another page are refused', async ({ host, browser }) => {
    // A fresh context holds no token cookie; the host's 401 page still has the host's own origin.
    const context = await browser.newContext();
    const page = await context.newPage();
    expect((await page.goto(`${host.origin}/`))?.status()).toBe(401);
    const tryWs = (url: string) =>
      page.evaluate(
        (u) =>
          new Promise<string>((res) => {
            const ws = new WebSocket(u);
            ws.onopen = () => {
              ws.close();
              res('open');
            };
            ws.onerror = () => res('refused');
          }),
        url,
      );
    const wsBase = `ws://127.0.0.1:${host.port}/api`;
    expect(await tryWs(wsBase)).toBe('refused');
    expect(await tryWs(`${wsBase}?token=wrong`)).toBe('refused');
    expect(await tryWs(`${wsBase}?token=${host.token}`)).toBe('open');
    // From another origin (an opaque about:blank page), even a stolen token does not help.
    await page.goto('about:blank');
    expect(await tryWs(`${wsBase}?token=${host.token}`)).toBe('refused');
    await context.close();
  });
});
