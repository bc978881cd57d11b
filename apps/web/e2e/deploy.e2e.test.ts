// The production build deployed as plain static files on a site of its own (another origin than any aelab
// server): the playground works; the runs pages find their server through aelab-server.json and say clearly
// when it is missing, does not allow the site's origin, or refuses the token.
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAelabServer, type AelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { watchedPage } from './page-checks.js';
import { serveStatic, type StaticHost } from './static-host.js';

const webDir = inject('webDir');
/** A site name that is not loopback (so the server treats it as a foreign origin), resolved to this machine. */
const SITE = 'explorer.example';

describe.skipIf(!webDir)('the explorer deployed on a static host', () => {
  const token = 'deploy-token-0123456789';
  let site: string;
  let host: StaticHost;
  let dir: string;
  let browser: Browser;
  let closed: AelabServer;
  let open: AelabServer | null = null;

  const useServer = (url: string | null) => {
    const file = join(dir, 'aelab-server.json');
    if (url) writeFileSync(file, JSON.stringify({ server: url }));
    else rmSync(file, { force: true });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aelab-web-deploy-'));
    cpSync(webDir!, dir, { recursive: true });
    host = await serveStatic(dir);
    site = `http://${SITE}:${host.port}`;
    [closed, browser] = await Promise.all([
      startAelabServer(null),
      launch({ args: [`--host-resolver-rules=MAP ${SITE} 127.0.0.1`] }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([closed?.stop(), open?.stop()]);
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the playground with no server at all', async () => {
    useServer(null);
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${site}/`);
    await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says plainly that a static copy has no server of its own', async () => {
    useServer(null);
    const page = await browser.context.newPage();
    await page.goto(`${site}/runs`);
    await page.waitForSelector('[data-testid=problem][data-kind=refused]');
    expect(await page.textContent('[data-testid=problem]')).toMatch(/answered with a web page, not the aelab API.*a static copy of the explorer has none/s);
    await page.close();
  });

  it("names the server's --allow-origin setting when the server does not allow the site", async () => {
    useServer(closed.url);
    const page = await browser.context.newPage();
    await page.goto(`${site}/runs`);
    await page.waitForSelector('[data-testid=problem][data-reason=origin-blocked]');
    const text = await page.textContent('[data-testid=problem]');
    expect(text).toContain(`does not accept calls from this page`);
    expect(text).toContain(`--allow-origin ${site}`);
    await page.close();
  });

  it('says when the token is missing or refused, and works with the right one', async () => {
    open = await startAelabServer(null, ['--allow-origin', site, '--token', token]);
    useServer(open.url);
    const page = await browser.context.newPage();
    await page.goto(`${site}/runs`);
    await page.waitForSelector('[data-testid=problem][data-kind=unauthorized]');
    expect(await page.textContent('[data-testid=problem] .title')).toBe('The server needs a token');
    await page.click('text=Server settings');
    await page.fill('#server-token', 'wrong-token');
    await page.click('text=Save and reconnect');
    await page.waitForSelector('[data-testid=problem][data-reason=token-refused]');
    expect(await page.textContent('[data-testid=problem] .title')).toBe('The server refused the token');
    if (!(await page.isVisible('#server-token'))) await page.click('text=Server settings');
    await page.fill('#server-token', token);
    await page.click('text=Save and reconnect');
    await page.waitForSelector('[data-testid=runs-empty]');
    await page.close();
    unlinkSync(join(dir, 'aelab-server.json'));
  });
});
