import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { canvasImage, narrowPage, overflowX, unlabelledControls, watchedPage } from './page-checks.js';

const baseUrl = inject('baseUrl');
const webDir = inject('webDir');

const attr = async (page: Page, selector: string, name: string) => (await page.getAttribute(selector, name)) ?? '';

describe.skipIf(!baseUrl)('digits lab in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launch({ width: 1280, height: 900 });
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('trains in the worker: tiles, reconstructions, curves and sparseness change; pause holds them', async () => {
    // 32 units keep an epoch short on a busy 2-core machine; the page is the same at 100 or 1,024.
    await page.goto(`${baseUrl}digits?h=32`);
    await page.waitForSelector('[data-testid=digit-tiles][data-count="32"]');
    await page.waitForSelector('[data-testid=sparseness-value]');
    const tilesBefore = await canvasImage(page, 'digit-tiles');
    const pairsBefore = await canvasImage(page, 'digit-pairs');
    const sparseBefore = await attr(page, '[data-testid=sparseness]', 'data-value');
    expect(await attr(page, '[data-testid=code-histogram]', 'data-total')).toBe(String(200 * 32));

    await page.click('[data-testid=digits-toggle]');
    // One epoch is 75 updates of 32 digits: the curve gets its first points.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-epochs')) >= 2, undefined, { timeout: 60_000 });
    await page.waitForFunction((before) => document.querySelector('[data-testid=sparseness]')?.getAttribute('data-value') !== before, sparseBefore);
    expect(await canvasImage(page, 'digit-tiles')).not.toBe(tilesBefore);
    expect(await canvasImage(page, 'digit-pairs')).not.toBe(pairsBefore);
    const chart = await page.$('[data-testid=loss-chart]');
    expect(Number(await chart!.getAttribute('data-last-train'))).toBeLessThan(Number(await chart!.getAttribute('data-first-train')));
    expect(Number(await page.textContent('[data-testid=digits-rate]'))).toBeGreaterThan(0);

    await page.click('[data-testid=digits-toggle]');
    await page.waitForFunction(() => document.querySelector('[data-testid=digits-toggle]')?.textContent?.trim() === 'Resume');
    const steps = await page.textContent('[data-testid=digits-step-count]');
    const tilesPaused = await canvasImage(page, 'digit-tiles');
    await page.waitForTimeout(400);
    expect(await page.textContent('[data-testid=digits-step-count]')).toBe(steps);
    expect(await canvasImage(page, 'digit-tiles')).toBe(tilesPaused);

    // The same moment's input weights instead of the output weights: other pictures, same step, no reset.
    await page.click('[data-testid=tiles-encoder]');
    await page.waitForFunction((before) => document.querySelector<HTMLCanvasElement>('[data-testid=digit-tiles] canvas')?.toDataURL() !== before, tilesPaused);
    expect(await page.textContent('[data-testid=digits-step-count]')).toBe(steps);
    expect(pageErrors).toEqual([]);
  });

  it('keeps its setup in the URL: a changed control survives a reload, a bad value is named', async () => {
    await page.goto(`${baseUrl}digits?h=16&act=sigmoid`);
    await page.waitForSelector('[data-testid=digit-tiles][data-count="16"]');
    await page.selectOption('#d-penalty', 'L1 (sum of |x|)');
    await page.fill('#d-lambda', '1e-7');
    await page.fill('#d-noise', '0.3');
    await page.waitForFunction(() => location.search.includes('noise=0.3') && location.search.includes('lambda=1e-7'));
    expect(new URL(page.url()).search).toBe('?h=16&act=sigmoid&penalty=L1&lambda=1e-7&noise=0.3');
    await page.reload();
    await page.waitForSelector('[data-testid=digit-tiles][data-count="16"]');
    expect(await page.inputValue('#d-noise')).toBe('0.3');
    expect(await page.inputValue('#d-lambda')).toBe('1e-7');
    // The run the server would get carries the same setup.
    await page.click('text=Send to the server as a run');
    const run = JSON.parse(await page.inputValue('[data-testid=submit-form] textarea')) as { model: { regularization: Record<string, number>; corruption: { sigma: number } } };
    expect(run.model.regularization).toEqual({ l1Activity: 32e-7 });
    expect(run.model.corruption.sigma).toBe(0.3);

    await page.goto(`${baseUrl}digits?h=5000`);
    await page.waitForSelector('[data-testid=link-notice]');
    expect(await page.textContent('[data-testid=link-notice]')).toContain('h=5000');
    await page.waitForSelector('[data-testid=digit-tiles][data-count="100"]');
    expect(pageErrors).toEqual([]);
  });

  it('fits a narrow screen, every control labelled', async () => {
    const narrow = await narrowPage(browser);
    await narrow.goto(`${baseUrl}digits?h=8`);
    await narrow.waitForSelector('[data-testid=digit-tiles][data-count="8"]');
    expect(await overflowX(narrow)).toBeLessThanOrEqual(0);
    expect(await unlabelledControls(narrow)).toEqual([]);
    await narrow.close();
  });

  it('sends its setup to the real run service, which trains it', async () => {
    const server = await startAelabServer(webDir);
    try {
      await page.goto(`${server.url}/digits?h=8&epochs=1&penalty=L2&on=weights&noise=0.1`);
      await page.waitForSelector('[data-testid=digit-tiles][data-count="8"]');
      await page.click('text=Send to the server as a run');
      await page.click('[data-testid=submit-run]');
      await page.click('[data-testid=submitted-link]');
      await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=succeeded]', { timeout: 90_000 });
      expect(await page.textContent('[data-testid=run-page]')).toContain('digits-lab-h8-relu-l2Weights-0.00001-noise0.1');
    } finally {
      await server.stop();
    }
  }, 150_000);
});
