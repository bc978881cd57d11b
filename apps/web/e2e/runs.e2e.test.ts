// The runs pages against the real run service, which serves this build on the same origin as its API.
import { fixtureConfigs } from '@aelab/core/fixtures';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAelabServer, type AelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { narrowPage, overflowX, unlabelledControls, watchedPage } from './page-checks.js';

const webDir = inject('webDir');

/**
 * The shared dense2d fixture (a 4-3-2-3-4 autoencoder on three Gaussian clusters: a second or two on the CPU
 * backend) with its data drawn from the run's seed, a validation split, and this run's rate and length.
 */
function tinyConfig(name: string, learningRate: number, epochs = 8) {
  const { dense2d } = fixtureConfigs;
  const { seed: _dataSeed, ...data } = dense2d.data;
  return { ...dense2d, name, seed: 3, data, training: { ...dense2d.training, learningRate, epochs, validationFraction: 0.2, snapshotEvery: 4 } };
}

const row = (page: Page, name: string) => page.locator('[data-testid=run-row]', { has: page.locator('[data-testid=run-link]', { hasText: name }) });

async function submit(page: Page, config: unknown): Promise<void> {
  await page.fill('[data-testid=submit-config]', JSON.stringify(config, null, 2));
  await page.click('[data-testid=submit-run]');
}

describe.skipIf(!webDir)('runs pages against the aelab server', () => {
  let server: AelabServer;
  let browser: Browser;
  let page: Page;
  let compareUrl = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAelabServer(webDir!, ['--concurrency', '2']), launch({ width: 1280, height: 800 })]);
    page = await watchedPage(browser, pageErrors);
    // A content security policy violation is reported on the console.
    page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && pageErrors.push(m.text()));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows an empty list, then a clear page for an unknown run id', async () => {
    await page.goto(`${server.url}/runs`);
    await page.waitForSelector('[data-testid=runs-empty]');
    await page.waitForSelector('[data-testid=live-indicator][data-state=live]');
    await page.goto(`${server.url}/runs/deadbeef-nope`);
    await page.waitForSelector('[data-testid=run-not-found]');
    expect(await page.getAttribute('[data-testid=problem]', 'data-code')).toBe('NOT_FOUND');
    expect(await page.textContent('[data-testid=run-not-found]')).toContain('deadbeef-nope');
  });

  it('submits runs, watches them succeed in the list, and opens one: curves and artifacts', async () => {
    await page.goto(`${server.url}/runs`);
    await page.waitForSelector('[data-testid=live-indicator][data-state=live]');
    await submit(page, tinyConfig('e2e-fast', 0.05));
    await submit(page, tinyConfig('e2e-slow', 0.005));
    // The form links the run it queued (no stale "Queued."), and forgets it once the config changes.
    await page.waitForSelector('[data-testid=submitted-link]:has-text("e2e-slow")');
    expect(await page.getAttribute('[data-testid=submitted-link]', 'href')).toMatch(/^\/runs\/[a-z0-9-]+$/);
    // Both reach the final state in the list without a reload (runs.watch), with their key metrics.
    for (const name of ['e2e-fast', 'e2e-slow']) {
      await row(page, name).and(page.locator('[data-status=succeeded]')).waitFor({ timeout: 60_000 });
    }
    // The status arrives through runs.watch; the metrics come with the list's next refresh, so wait for them.
    await row(page, 'e2e-fast').locator('[data-testid=run-metrics]', { hasText: /test RMSE\s*0\.\d+/ }).waitFor({ timeout: 30_000 });

    await row(page, 'e2e-fast').locator('[data-testid=run-link]').click();
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=succeeded]');
    expect(new URL(page.url()).pathname).toMatch(/^\/runs\/[a-z0-9-]+$/);
    // Eight epochs of training and validation RMSE.
    await page.waitForSelector('[data-testid=run-curves-chart][data-series="2"][data-points="16"]');
    // The gallery shows the code scatter the run drew, loaded from the server.
    const figure = page.locator('[data-testid=artifact-figure][data-path="images/codes.png"] img');
    await figure.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=artifact-figure] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await page.locator('[data-testid=artifact-report][data-path="results.json"]').count()).toBe(1);
    expect(await page.locator('[data-testid=artifact-in-progress]').count()).toBe(0);
    // Result metrics, sparseness included, under readable names.
    expect(await page.textContent('[data-testid=run-metrics-table] tr[data-metric=testSparseness] th')).toBe('test sparseness (share of quiet code units)');
    expect(await page.textContent('[data-testid=run-metrics-table] tr[data-metric=testRmse] th')).toBe('test RMSE');
    // A report opens inline.
    await page.locator('[data-testid=artifact-report][data-path="results.json"] summary').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=artifact-report][data-path="results.json"] pre')?.textContent?.includes('"rmse"'));

    // The header's link and the browser's history both lead back to the list.
    await page.goBack();
    await page.waitForSelector('[data-testid=runs-table]');
  });

  it('compares two runs: curves overlaid, configs diffed, final metrics side by side', async () => {
    await page.goto(`${server.url}/runs`);
    for (const name of ['e2e-fast', 'e2e-slow']) await row(page, name).locator('input[type=checkbox]').check();
    await page.click('[data-testid=compare-selected]');
    await page.waitForSelector('[data-testid=compare-page]');
    await page.waitForSelector('[data-testid=compare-chart][data-series="4"][data-points="32"]');
    const diff = page.locator('[data-testid=config-diff-row][data-path="training.learningRate"]');
    expect(await diff.locator('td').allTextContents()).toEqual(['0.05', '0.005']);
    expect(await page.getAttribute('[data-testid=config-diff]', 'data-differing')).toBe('2');
    const rmse = page.locator('[data-testid=metrics-row][data-metric=testRmse] td');
    expect(await rmse.count()).toBe(2);
    expect(await page.locator('[data-testid=metrics-row][data-metric=testRmse] td.best').count()).toBe(1);
    expect(await page.locator('[data-testid=metrics-row][data-metric=testSparseness] td').count()).toBe(2);
    expect(await page.textContent('[data-testid=metrics-row][data-metric=testRmse] th')).toContain('test RMSE');
    // The comparison lives in the URL.
    compareUrl = page.url();
    expect(new URL(compareUrl).searchParams.get('ids')?.split(',')).toHaveLength(2);
  });

  it('follows a training run live, cancels, resumes and deletes it', async () => {
    await page.goto(`${server.url}/runs`);
    await submit(page, tinyConfig('e2e-long', 0.01, 5000));
    await row(page, 'e2e-long').and(page.locator('[data-status=running]')).waitFor();
    await row(page, 'e2e-long').locator('[data-testid=run-link]').click();
    await page.waitForSelector('[data-testid=run-page] [data-testid=live-indicator][data-state=live]');
    // The curve grows while the page watches.
    const points = async () => Number(await page.getAttribute('[data-testid=run-curves-chart]', 'data-points'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=run-curves-chart]')?.getAttribute('data-points')) >= 4);
    const before = await points();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=run-curves-chart]')?.getAttribute('data-points')) > n, before);

    await page.click('[data-testid=run-page] [data-testid=action-cancel]');
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=cancelled]');
    await page.click('[data-testid=run-page] [data-testid=action-resume]');
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=running]');
    await page.click('[data-testid=run-page] [data-testid=action-cancel]');
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=cancelled]');
    await page.click('[data-testid=run-page] [data-testid=action-delete]');
    await page.click('[data-testid=run-page] [data-testid=action-delete-confirm]');
    await page.waitForSelector('[data-testid=runs-table]');
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=run-link]')].some((a) => a.textContent === 'e2e-long'));
  });

  it('explains an invalid config inline, and the server\'s objection with its code', async () => {
    await page.goto(`${server.url}/runs`);
    await page.fill('[data-testid=submit-config]', '{"training": {"epochs": 0}}');
    await page.waitForSelector('[data-testid=submit-issues]');
    expect(await page.textContent('[data-testid=submit-issues]')).toContain('training.epochs');
    expect(await page.isDisabled('[data-testid=submit-run]')).toBe(true);
    await page.fill('[data-testid=submit-config]', '{"training": ');
    expect(await page.textContent('[data-testid=submit-error]')).toMatch(/Not valid JSON/);
    // Valid for the schema, refused by the server's policy (it reads datasets from its own data dir).
    await submit(page, { ...tinyConfig('e2e-bad', 0.01), data: { name: 'mnist', dataDir: '/etc' } });
    await page.waitForSelector('[data-testid=submit-form] [data-testid=problem]');
    expect(await page.getAttribute('[data-testid=submit-form] [data-testid=problem]', 'data-code')).toBe('INVALID_CONFIG');
    expect(await page.textContent('[data-testid=submit-form] [data-testid=problem]')).toContain('data.dataDir');
  });

  it('offers "edit and resubmit" for a run that failed on its config, and opens the new run', async () => {
    await page.goto(`${server.url}/runs`);
    // Valid for the schema, fails when the model is built: the code layer must come before the last conv layer.
    const broken = { name: 'e2e-broken', backend: 'cpu', data: { name: 'mnist', trainSize: 32, testSize: 16 }, model: { type: 'conv', layers: [{ type: 'conv2d', filters: 2 }] }, training: { epochs: 1 } };
    await submit(page, broken);
    await page.click('[data-testid=submitted-link]');
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=failed]', { timeout: 60_000 });
    const failedId = await page.getAttribute('[data-testid=run-page]', 'data-run-id');
    await page.click('[data-testid=edit-resubmit]');
    expect(JSON.parse(await page.inputValue('[data-testid=submit-config]'))).toMatchObject({ name: 'e2e-broken', model: { type: 'conv' } });
    await submit(page, tinyConfig('e2e-fixed', 0.05, 2));
    await page.waitForFunction((old) => {
      const id = document.querySelector('[data-testid=run-page]')?.getAttribute('data-run-id');
      return !!id && id !== old;
    }, failedId);
    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=succeeded]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=run-page] h1')).toBe('e2e-fixed');
  });

  it('says when the server cannot be reached', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${server.url}/runs`);
    await other.evaluate(() => localStorage.setItem('aelab.server.url', 'http://127.0.0.1:9'));
    await other.reload();
    await other.waitForSelector('[data-testid=problem][data-kind=unreachable]');
    expect(await other.textContent('[data-testid=problem]')).toContain('http://127.0.0.1:9');
    await other.evaluate(() => localStorage.removeItem('aelab.server.url'));
    await other.close();
  });

  it('fits a narrow screen', async () => {
    const narrow = await narrowPage(browser);
    await narrow.goto(`${server.url}/runs`);
    await narrow.waitForSelector('[data-testid=runs-table]');
    expect(await overflowX(narrow)).toBeLessThanOrEqual(0);
    // Every control has a label (the list, the submit form, the row actions).
    expect(await unlabelledControls(narrow)).toEqual([]);
    await narrow.goto(compareUrl);
    await narrow.waitForSelector('[data-testid=compare-chart][data-series="4"]');
    expect(await overflowX(narrow)).toBeLessThanOrEqual(0);
    await narrow.close();
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!webDir)('runs pages against a token-protected server', () => {
  const token = 'e2e-token-0123456789';
  let server: AelabServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAelabServer(webDir!, ['--token', token]), launch({ width: 1280, height: 800 })]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for the token, then lists, follows and shows runs with it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/runs`);
    await page.waitForSelector('[data-testid=problem][data-kind=unauthorized]');
    await page.click('text=Server settings');
    await page.fill('#server-token', token);
    await page.click('text=Save and reconnect');
    await page.waitForSelector('[data-testid=runs-empty]');
    // The live feed (EventSource, which cannot send headers) passes the token as a connection parameter.
    await page.waitForSelector('[data-testid=live-indicator][data-state=live]');
    await submit(page, tinyConfig('e2e-token', 0.05, 3));
    await row(page, 'e2e-token').and(page.locator('[data-status=succeeded]')).waitFor({ timeout: 60_000 });
    await row(page, 'e2e-token').locator('[data-testid=run-link]').click();
    // Figures load through signed URLs: an <img> cannot send the token either.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=artifact-figure] img');
      return !!img && img.complete && img.naturalWidth > 0 && img.src.includes('sig=');
    });
    await page.close();
  });

  it('takes a token from the address fragment once and removes it from the address', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/runs#token=${token}`);
    await page.waitForSelector('[data-testid=runs-table]');
    expect(page.url()).toBe(`${server.url}/runs`);
    await page.close();
  });
});
