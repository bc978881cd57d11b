// The Experiments page against the real run service: a tiny DDAE run started from the generated form, its table
// filling in on the run page, its report, and its jobs reached as child runs in the runs list and the compare view.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAelabServer, type AelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { narrowPage, overflowX, unlabelledControls, watchedPage } from './page-checks.js';

const webDir = inject('webDir');

/** Two jobs, ELM over two seeds and KELM, on 300/100 embedded MNIST digits: seconds, no data files. */
const TINY_CONFIG = { elm: { hidden: [50], seeds: 2 }, kelm: { C: [10], sigmaScales: [0.7] } };

const option = (page: Page, name: string) => page.locator(`[data-testid=option][data-option=${name}]`);

describe.skipIf(!webDir)('the Experiments page against the aelab server', () => {
  let server: AelabServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAelabServer(webDir!, ['--concurrency', '1']), launch({ width: 1280, height: 900 })]);
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the experiments and builds the form from the options schema, checking it as you type', async () => {
    await page.goto(`${server.url}/experiments`);
    const card = page.locator('[data-testid=experiment-card][data-experiment=ddae]');
    await card.waitFor();
    expect(await card.textContent()).toContain('DropConnect');
    await card.locator('h2 button').click();
    await page.waitForSelector('[data-testid=experiment-form][data-experiment=ddae]');
    expect(new URL(page.url()).search).toBe('?name=ddae');

    // A control per option, of the schema's kind.
    expect(await option(page, 'quick').locator('input[type=checkbox]').count()).toBe(1);
    expect(await option(page, 'seeds').locator('input[type=number]').getAttribute('max')).toBe('100');
    expect(await option(page, 'dataset').locator('select').inputValue()).toBe('mnist');
    expect(await option(page, 'models').locator('input[type=checkbox]').count()).toBeGreaterThanOrEqual(7);
    expect(await option(page, 'config').locator('textarea').count()).toBe(1);

    // The schema's refusals, in words, at their fields; Start waits until they are fixed.
    await option(page, 'seeds').locator('input').fill('0');
    await option(page, 'config').locator('textarea').fill('{ "elm": ');
    await option(page, 'seeds').getByText('Must be more than 0.').waitFor();
    await option(page, 'config').getByText(/This is not valid JSON/).waitFor();
    expect(await page.isDisabled('[data-testid=experiment-start]')).toBe(true);
    expect(await page.textContent('[data-testid=experiment-form-errors]')).toBe('2 options need fixing.');
    await option(page, 'seeds').locator('input').fill('');
    await option(page, 'config').locator('textarea').fill('');
    await page.waitForSelector('[data-testid=experiment-form-errors]', { state: 'detached' });
  });

  it('fits a narrow screen, every control labelled', async () => {
    const narrow = await narrowPage(browser);
    await narrow.goto(`${server.url}/experiments?name=ddae`);
    await narrow.waitForSelector('[data-testid=experiment-form]');
    expect(await overflowX(narrow)).toBeLessThanOrEqual(0);
    expect(await unlabelledControls(narrow)).toEqual([]);
    await narrow.close();
  });

  it('starts a tiny DDAE run and watches its table fill in, the paper column beside it, then opens its report', async () => {
    await page.click('[data-testid=experiment-quick]');
    expect(await option(page, 'quick').locator('input').isChecked()).toBe(true);
    await option(page, 'limitTrain').locator('input').fill('300');
    await option(page, 'limitTest').locator('input').fill('100');
    for (const model of ['ELM', 'KELM']) await option(page, 'models').getByLabel(model, { exact: true }).check();
    await option(page, 'config').locator('textarea').fill(JSON.stringify(TINY_CONFIG));
    await page.fill('#experiment-run-name', 'e2e tiny ddae');
    await page.click('[data-testid=experiment-start]');

    await page.waitForURL(/\/runs\/[a-z0-9-]+$/);
    await page.waitForSelector('[data-testid=experiment-run]');
    expect(await page.textContent('[data-testid=run-page] h1')).toBe('e2e tiny ddae');

    // A row per model, mean ± std over its seeds (ELM ran two), with the paper's numbers in the same row.
    const table = page.locator('[data-testid=results-table]').first();
    for (const model of ['ELM', 'KELM']) await table.locator(`[data-testid=results-row][data-row=${model}]`).waitFor({ timeout: 90_000 });
    const header = await table.locator('thead th').allTextContents();
    const paperTest = header.indexOf('paper test %');
    expect(paperTest).toBeGreaterThan(0);
    const elm = await table.locator('[data-testid=results-row][data-row=ELM] > *').allTextContents();
    expect(elm[header.indexOf('test %')]).toMatch(/^\d+\.\d\d ± \d+\.\d+$/);
    expect(elm[paperTest]).toMatch(/^\d+\.\d\d/);

    await page.waitForSelector('[data-testid=run-page] [data-testid=status-badge][data-status=succeeded]', { timeout: 90_000 });
    await page.waitForSelector('[data-testid=experiment-job][data-status=succeeded] >> nth=1');
    expect(await page.textContent('[data-testid=experiment-progress]')).toContain('2 of 2 jobs done');

    const report = page.locator('[data-testid=experiment-report]');
    await report.waitFor({ timeout: 30_000 });
    const res = await page.request.get(new URL((await report.getAttribute('href'))!, server.url).toString());
    expect(res.status()).toBe(200);
    expect(await res.text()).toMatch(/<html[\s\S]*ELM/i);
  });

  it('reaches the jobs as child runs: their pages, the runs list filtered by parent, and the compare view', async () => {
    const parentUrl = page.url();
    const parentId = new URL(parentUrl).pathname.split('/').pop()!;
    const jobs = page.locator('[data-testid=experiment-job]');
    expect(await jobs.count()).toBe(2);

    // A job's own run page, with the way back to its experiment.
    await jobs.first().locator('[data-testid=experiment-job-link]').click();
    await page.waitForSelector(`[data-testid=run-parent]`);
    expect(await page.textContent('[data-testid=run-parent]')).toBe(parentId);
    expect(new URL(page.url()).pathname).not.toBe(new URL(parentUrl).pathname);
    await page.click('[data-testid=run-parent]');
    await page.waitForSelector('[data-testid=experiment-run] [data-testid=experiment-job]');

    // The runs list shows top-level runs; the experiment's link lists its jobs there.
    await page.click('[data-testid=experiment-children-link]');
    await page.waitForSelector('[data-testid=runs-parent]');
    await page.waitForSelector('[data-testid=run-row] >> nth=1');
    expect(await page.locator('[data-testid=run-row]').count()).toBe(2);

    // Two jobs ticked on the experiment's page open side by side in the compare view.
    await page.goto(parentUrl);
    const boxes = page.locator('[data-testid=experiment-job] input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.click('[data-testid=experiment-compare]');
    await page.waitForSelector('[data-testid=compare-page] [data-testid=compare-run] >> nth=1');
    expect(await page.locator('[data-testid=compare-run]').count()).toBe(2);
    // A job's facts (dataset, model, seed) stand in for a training config.
    await page.waitForSelector('[data-testid=config-diff-row][data-path=model]');
    expect(pageErrors).toEqual([]);
  });
});
