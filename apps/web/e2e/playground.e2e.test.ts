import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, type Browser } from './browser.js';
import { canvasImage, narrowPage, overflowX, unlabelledControls, watchedPage } from './page-checks.js';

const baseUrl = inject('baseUrl');

const text = async (page: Page, id: string) => (await page.textContent(`[data-testid=${id}]`))?.trim() ?? '';
const count = async (page: Page, id: string) => Number((await text(page, id)).replace(/[^0-9]/g, ''));

/** Keyboard only: "s" steps (to `steps` in all), "k" starts, "k" again pauses. */
async function stepStartPauseByKeys(page: Page, steps: number): Promise<void> {
  await page.keyboard.press('s');
  await page.waitForFunction((n) => document.querySelector('[data-testid=step-count]')?.textContent === String(n), steps);
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'training');
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'paused');
}

async function openReady(page: Page, search = ''): Promise<void> {
  await page.goto(`${baseUrl}${search}`);
  await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
}

describe.skipIf(!baseUrl)('playground in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launch({ width: 1280, height: 800 });
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('trains: the loss falls and the codes move; pause, step, a live learning rate, reload from the URL', async () => {
    await openReady(page);
    expect(await text(page, 'status')).toBe('ready');
    const scatterBefore = await canvasImage(page, 'code-scatter');

    // Full speed converges in about a second here; 1000 steps/s leaves time to watch (and to read steps/s).
    await page.selectOption('[data-testid=speed]', '1000');
    await page.click('[data-testid=start]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-epochs')) >= 40);
    const chart = await page.$('[data-testid=loss-chart]');
    const first = Number(await chart!.getAttribute('data-first-train'));
    const last = Number(await chart!.getAttribute('data-last-train'));
    expect(last).toBeLessThan(first * 0.8);
    expect(await canvasImage(page, 'code-scatter')).not.toBe(scatterBefore);
    expect(await count(page, 'steps-per-second')).toBeGreaterThan(0);

    await page.click('[data-testid=pause]');
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'paused');
    const paused = await count(page, 'step-count');
    await page.waitForTimeout(300);
    expect(await count(page, 'step-count')).toBe(paused);

    await page.click('[data-testid=step]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=step-count]')?.textContent?.replace(/\D/g, '')) === n + 1, paused);

    // A new learning rate while paused: no reset, the URL follows, and training goes on from the same step.
    await page.fill('#f-training-learningRate', '0.005');
    await page.waitForFunction(() => location.search.includes('lr=0.005'));
    expect(await count(page, 'step-count')).toBe(paused + 1);
    expect(await text(page, 'status')).toBe('paused');
    await page.click('[data-testid=step]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=step-count]')?.textContent?.replace(/\D/g, '')) === n + 2, paused);

    // A new network waits for Reset, which rebuilds it from the form.
    await page.fill('#f-model-layers-0-units', '6');
    await page.waitForSelector('#controls-blocked');
    expect(await page.isDisabled('[data-testid=start]')).toBe(true);
    await page.click('[data-testid=reset]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '0');
    await page.waitForFunction(() => location.search.includes('layers=6.tanh_2.identity_8.tanh'));
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
    const url = page.url();
    const network = await canvasImage(page, 'network-diagram');

    await page.reload();
    await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
    expect(page.url()).toBe(url);
    expect(await page.inputValue('#f-training-learningRate')).toBe('0.005');
    expect(await page.inputValue('#f-model-layers-0-units')).toBe('6');
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
    expect(await canvasImage(page, 'network-diagram')).toBe(network);
    expect(pageErrors).toEqual([]);
  });

  it('shows inline errors and keeps Start disabled while the form is invalid', async () => {
    await openReady(page);
    await page.fill('#f-training-learningRate', 'fast');
    await page.waitForSelector('#f-training-learningRate-error');
    expect(await text(page, 'error-summary')).toContain('training.learningRate');
    expect(await page.getAttribute('#f-training-learningRate', 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('[data-testid=start]')).toBe(true);
    await page.fill('#f-model-layers-1-units', '3');
    expect(await page.textContent('#f-model-layers-1-units-error')).toMatch(/2 units/);
    await page.fill('#f-training-learningRate', '0.01');
    await page.fill('#f-model-layers-1-units', '2');
    await page.waitForFunction(() => !document.querySelector('[data-testid=error-summary]'));
    expect(await page.isDisabled('[data-testid=start]')).toBe(false);
  });

  it('reads a dropped CSV, and explains a bad one without breaking the page', async () => {
    await openReady(page);
    await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,five,6\n7,8,9\n') });
    expect(await text(page, 'csv-error')).toBe("bad.csv: line 3, column 2 ('b'): 'five' is not a number.");
    expect(await text(page, 'status')).toBe('ready');
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2},${(i * 7) % 10},${i % 3},${i % 2 ? 'even' : 'odd'}`);
    await page.setInputFiles('#csv-file', { name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`x,y,z,label\n${rows.join('\n')}\n`) });
    await page.waitForSelector('[data-testid=code-scatter][data-points="40"]');
    expect(await text(page, 'data-summary')).toMatch(/40 points from a CSV in 3 dimensions/);
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
  });

  it('exports and imports config + weights, and saves a chart as PNG', async () => {
    await openReady(page);
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(exported).toMatchObject({ format: 'aelab-playground', steps: 1, config: { model: { type: 'dense' } }, weights: { format: 'aelab-dense-weights' } });
    const network = await canvasImage(page, 'network-diagram');

    await page.click('[data-testid=reset]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '0');
    await page.setInputFiles('#import-file', { name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await page.waitForFunction((img) => (document.querySelector('[data-testid=network-diagram] canvas') as HTMLCanvasElement).toDataURL() === img, network);
    // The imported setup carries on from its own step, not from zero.
    expect(await count(page, 'step-count')).toBe(1);

    await page.setInputFiles('#import-file', { name: 'oops.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
    expect(await text(page, 'import-error')).toMatch(/oops.json: the config needs data, model and training/);

    const [png] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Save Codes (2-D) as PNG"]')]);
    expect(png.suggestedFilename()).toBe('aelab-codes.png');
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const [svgLike] = await Promise.all([page.waitForEvent('download'), page.click('button[aria-label="Save Network as PNG"]')]);
    expect(svgLike.suggestedFilename()).toBe('aelab-network.png');
  });

  it('fits a narrow screen and works from the keyboard', async () => {
    const narrow = await narrowPage(browser);
    await openReady(narrow);
    expect(await overflowX(narrow)).toBeLessThanOrEqual(0);
    await narrow.focus('body');
    await stepStartPauseByKeys(narrow, 1);
    // Every form control has a label.
    expect(await unlabelledControls(narrow)).toEqual([]);
    await narrow.close();
  });

  it('is watchable with the defaults: still learning 1-2 s after Start; the convergence stop can be switched off', async () => {
    await openReady(page);
    expect(await page.inputValue('[data-testid=speed]')).toBe('1000');
    await page.click('[data-testid=start]');
    await page.waitForTimeout(1200);
    const epochsAt1 = Number(await page.getAttribute('[data-testid=loss-chart]', 'data-epochs'));
    const scatterAt1 = await canvasImage(page, 'code-scatter');
    await page.waitForTimeout(600);
    expect(await text(page, 'status')).toBe('training');
    expect(Number(await page.getAttribute('[data-testid=loss-chart]', 'data-epochs'))).toBeGreaterThan(epochsAt1);
    expect(await canvasImage(page, 'code-scatter')).not.toBe(scatterAt1);
    await page.click('[data-testid=pause]');

    // Full speed is still there; with the convergence stop off, only max epochs end it.
    await page.selectOption('[data-testid=speed]', 'full');
    await page.uncheck('[data-testid=stop-on-convergence]');
    await page.fill('#f-training-convergenceEpsilon', '0.5');
    await page.click('[data-testid=start]');
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'stopped', undefined, { timeout: 30_000 });
    expect(await text(page, 'stop-message')).toMatch(/maximum number of epochs/);
    expect(await text(page, 'epoch')).toBe('1,000 / 1,000');
    await page.check('[data-testid=stop-on-convergence]');
  });

  it('opens a bad or outdated link with the defaults and a one-line notice', async () => {
    const errors: string[] = [];
    const fresh = await watchedPage(browser, errors);
    await fresh.goto(`${baseUrl}?opt=adagrad&layers=8.swish_2.identity_8.tanh&lr=fast&out=softmax`);
    await fresh.waitForSelector('[data-testid=code-scatter][data-points="300"]');
    const notice = await text(fresh, 'link-notice');
    expect(notice).toMatch(/optimizer must be one of SGD, momentum, RMSProp, Adam, not 'adagrad'/);
    expect(notice).toMatch(/learning rate 'fast' is not a number; using 0.01/);
    expect(await fresh.inputValue('#f-model-layers-0-activation')).toBe('tanh');
    expect(await fresh.$eval('#f-model-layers-0-activation', (el) => el.tagName)).toBe('SELECT');
    expect(await fresh.isDisabled('[data-testid=start]')).toBe(false);
    await fresh.click('[data-testid=link-notice] button');
    expect(await fresh.$('[data-testid=link-notice]')).toBeNull();
    expect(errors).toEqual([]);
    await fresh.close();
  });

  it('keeps its keyboard shortcuts after a button click, and explains each view until dismissed', async () => {
    await openReady(page);
    await page.click('[data-testid=step]');
    await page.waitForFunction(() => document.querySelector('[data-testid=step-count]')?.textContent === '1');
    await stepStartPauseByKeys(page, 2);

    expect(await page.$$eval('[data-testid=help]', (els) => els.length)).toBe(5);
    expect(await page.textContent('#card-codes [data-testid=help]')).toMatch(/code layer/);
    await page.click('button[aria-label="Hide the explanation of Codes (2-D)"]');
    expect(await page.$('#card-codes [data-testid=help]')).toBeNull();
    await page.reload();
    await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
    expect(await page.$('#card-codes [data-testid=help]')).toBeNull();
    expect(await page.$$eval('[data-testid=help]', (els) => els.length)).toBe(4);
  });
});
