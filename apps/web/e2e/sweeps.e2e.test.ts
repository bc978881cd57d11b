// The sweep page against the real run service: a small sweep queued through the API, reached from the runs list,
// its table filling in (mean ± std over seeds), its parallel coordinates, and its runs one click away.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi } from '../src/lib/api/client.js';
import { startAelabServer, type AelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { watchedPage } from './page-checks.js';

const webDir = inject('webDir');

/** The 4-2-4 autoencoder on Gaussian clusters: two learning rates a decade apart × two seeds, a second or two each. */
const SWEEP = {
  name: 'e2e lr sweep',
  base: {
    backend: 'cpu',
    data: { name: 'gaussian', k: 3, d: 4, pointsPerCluster: 20, spread: 0.05 },
    model: { type: 'dense', layers: [{ units: 2, activation: 'tanh' }], outputActivation: 'sigmoid' },
    training: { optimizer: { type: 'adam' }, batchSize: 10, epochs: 4, validationFraction: 0.2 },
  },
  vary: [{ path: 'training.learningRate', values: [0.05, 0.005] }],
  seeds: 2,
};

const rows = (page: Page) => page.locator('[data-testid=sweep-row]');

describe.skipIf(!webDir)('the sweep page against the aelab server', () => {
  let server: AelabServer;
  let browser: Browser;
  let page: Page;
  let sweepId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAelabServer(webDir!, ['--concurrency', '1']), launch({ width: 1280, height: 900 })]);
    page = await watchedPage(browser, pageErrors);
    const api = createApi({ url: server.url, token: null });
    const created = await api.sweeps.create.mutate(SWEEP);
    expect(created.children).toBe(4);
    sweepId = created.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the sweep from the runs list and watches its table fill in, mean ± std over the seeds', async () => {
    await page.goto(`${server.url}/runs`);
    const link = page.locator(`[data-testid=run-row][data-run-id="${sweepId}"] [data-testid=run-link]`);
    await link.waitFor();
    expect(await link.getAttribute('data-kind')).toBe('sweep');
    expect(await link.getAttribute('href')).toBe(`/sweeps/${sweepId}`);
    await link.click();
    await page.waitForURL(`**/sweeps/${sweepId}`);
    await page.waitForSelector('[data-testid=sweep-page] h1:has-text("e2e lr sweep")');

    // A row per learning rate; the table fills in without a reload and the sweep ends succeeded.
    expect(await rows(page).count()).toBe(2);
    await page.waitForSelector('[data-testid=sweep-page] [data-testid=status-badge][data-status=succeeded]', { timeout: 90_000 });
    await page.waitForSelector('[data-testid=sweep-run-link][data-status=succeeded] >> nth=3');
    expect(await page.textContent('[data-testid=sweep-progress]')).toContain('4 of 4 finished: 4 succeeded');
    const header = await page.locator('[data-testid=sweep-table] thead th').allTextContents();
    expect(header.slice(0, 3)).toEqual(['training.learningRate', 'test loss', 'test RMSE']);
    for (const [i, lr] of ['0.05', '0.005'].entries()) {
      const cells = await rows(page).nth(i).locator('th, td').allTextContents();
      expect(cells[0]).toBe(lr);
      expect(cells[2]).toMatch(/^\d\.\d+ ± \d\.\d+(e-\d+)?$/);
      expect(cells.at(-1)).toBe('s0s1');
    }

    // Parallel coordinates: the learning rates span a decade, so their axis is logarithmic; a line per point.
    await page.waitForSelector('[data-testid=parallel-axis][data-axis="training.learningRate"][data-scale=log]');
    expect(await page.locator('[data-testid=parallel-line]').count()).toBe(2);
    expect(await page.locator('[data-testid=parallel-axis][data-axis=testRmse]').count()).toBe(1);

    // Fewer metrics on request: the column and the axis go.
    await page.getByLabel('test RMSE', { exact: true }).uncheck();
    await page.waitForSelector('[data-testid=parallel-axis][data-axis=testRmse]', { state: 'detached' });
    expect(await page.locator('[data-testid=sweep-table] thead th').allTextContents()).not.toContain('test RMSE');
  });

  it('clicks through to each run of a point, and back to the sweep', async () => {
    const second = rows(page).nth(1).locator('[data-testid=sweep-run-link]').nth(1);
    const childHref = (await second.getAttribute('href'))!;
    await second.click();
    await page.waitForURL(`**${childHref}`);
    await page.waitForSelector('[data-testid=run-page] [data-testid=run-parent]');
    expect(await page.textContent('[data-testid=run-page] h1')).toBe('e2e lr sweep · training.learningRate=0.005 · seed 1');
    expect(await page.getAttribute('[data-testid=run-parent]', 'href')).toBe(`/sweeps/${sweepId}`);

    // A line of the parallel coordinates opens its point's first run (from the keyboard too).
    await page.click('[data-testid=run-parent]');
    await page.locator('[data-testid=parallel-line][data-point=p00]').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=run-page] h1:has-text("learningRate=0.05 · seed 0")');
    expect(pageErrors).toEqual([]);
  });
});
