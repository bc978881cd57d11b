// The Apply page against the real run service: a tiny conv autoencoder trained there on embedded MNIST digits, then a
// small PNG applied to it in Chromium, with the original, the reconstruction and its error on the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodePng } from '@aelab/datasets/node';
import { createApi } from '../src/lib/api/client.js';
import { startAelabServer, type AelabServer } from './aelab-server.js';
import { launch, type Browser } from './browser.js';
import { watchedPage } from './page-checks.js';

const webDir = inject('webDir');

/** 28x28x1 → 4 filters → 14x14x4 → 28x28x1: one epoch on 200 embedded digits, a few seconds on the CPU backend. */
const CONV_RUN = {
  name: 'apply-e2e-conv',
  seed: 1,
  backend: 'cpu',
  data: { name: 'mnist', embedded: true, split: 'all', limit: 200 },
  model: {
    type: 'conv',
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'maxPool', poolSize: 2 },
      { type: 'conv2dTranspose', filters: 1, kernelSize: 2, strides: 2, activation: 'sigmoid' },
    ],
  },
  training: { epochs: 1, batchSize: 50 },
};

/** 784-16-784 on the same digits: the page greys and resizes pictures for dense models. */
const DENSE_RUN = {
  ...CONV_RUN,
  name: 'apply-e2e-dense',
  model: { type: 'dense', layers: [{ units: 16, activation: 'sigmoid' }], outputActivation: 'sigmoid' },
};

/** A 21x13 colour picture (odd sizes: the page pads to the model's stride and crops back). */
function picture(): Buffer {
  const [width, height] = [21, 13];
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      rgba.set([Math.round((x / (width - 1)) * 255), Math.round((y / (height - 1)) * 255), (x * y) % 256, 255], p);
    }
  }
  return Buffer.from(encodePng(rgba, width, height));
}

/** A canvas's size and how many of its pixels are not fully transparent. */
function canvasInfo(page: Page, label: string): Promise<{ width: number; height: number; painted: number }> {
  return page.$eval(`canvas[aria-label=${label}]`, (el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
    return { width: canvas.width, height: canvas.height, painted };
  });
}

describe.skipIf(!webDir)('the Apply page against the aelab server', () => {
  let server: AelabServer;
  let browser: Browser;
  let page: Page;
  let runId = '';
  let denseId = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAelabServer(webDir!, ['--concurrency', '1']), launch({ width: 1280, height: 900 })]);
    page = await watchedPage(browser, pageErrors);
    // Failed requests by URL (the console only says "Failed to load resource"); aelab-server.json is optional and
    // absent here (deploy.e2e.test.ts covers it).
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/aelab-server.json') && pageErrors.push(`${r.status()} ${r.url()}`));
    const client = createApi({ url: server.url, token: null });
    runId = (await client.runs.create.mutate(CONV_RUN as never)).id;
    denseId = (await client.runs.create.mutate(DENSE_RUN as never)).id;
    const deadline = Date.now() + 120_000;
    for (const id of [runId, denseId]) {
      let status = '';
      while (status !== 'succeeded' && Date.now() < deadline) {
        status = (await client.runs.get.query({ id })).status;
        if (status === 'failed' || status === 'cancelled') throw new Error(`the training run ${status}: ${server.stderr()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toBe('succeeded');
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("applies the run's conv model to an uploaded PNG: original, reconstruction and its error", async () => {
    await page.goto(`${server.url}/apply`);
    await page.waitForSelector(`[data-testid=apply-run] option[value="${runId}"]`, { state: 'attached' });
    await page.selectOption('[data-testid=apply-run]', runId);
    await page.setInputFiles('[data-testid=apply-file]', { name: 'tiny.png', mimeType: 'image/png', buffer: picture() });

    const mse = page.locator('[data-testid=apply-mse]');
    await mse.waitFor({ timeout: 60_000 });
    const text = (await mse.textContent()) ?? '';
    // One channel in the model, three in the picture, and sizes off the stride: said after the error, spaced from it.
    expect(text).toMatch(/^Reconstruction error \(MSE, values 0–1\): \d\.\d{5} — converted to greyscale \(the model takes one channel\); padded to 22x14 \(a multiple of 2\) and cropped back$/);
    const value = Number(/(\d\.\d{5})/.exec(text)![1]);
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(1);

    // Both pictures at the upload's own size, every pixel drawn.
    expect(await canvasInfo(page, 'original')).toEqual({ width: 21, height: 13, painted: 21 * 13 });
    expect(await canvasInfo(page, 'reconstruction')).toEqual({ width: 21, height: 13, painted: 21 * 13 });
    const download = page.locator('a[download="tiny-reconstruction.png"]');
    await download.waitFor();
    expect(await download.getAttribute('href')).toMatch(/^blob:/);
    // The reconstruction is the model's, not a copy of the upload.
    const differs = await page.evaluate(() => {
      const read = (label: string) => {
        const c = document.querySelector(`canvas[aria-label=${label}]`) as HTMLCanvasElement;
        return c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      };
      const [a, b] = [read('original'), read('reconstruction')];
      return a.some((v, i) => v !== b[i]);
    });
    expect(differs).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('applies a dense model to the same PNG, resized and greyed to its input and back', async () => {
    await page.selectOption('[data-testid=apply-run]', denseId);
    await page.setInputFiles('[data-testid=apply-file]', { name: 'tiny.png', mimeType: 'image/png', buffer: picture() });
    await page.waitForFunction(() => document.querySelector('[data-testid=apply-mse]')?.textContent?.includes('—'), undefined, { timeout: 60_000 });
    const text = (await page.textContent('[data-testid=apply-mse]')) ?? '';
    expect(text).toMatch(/^Reconstruction error \(MSE, values 0–1\): \d\.\d{5} — resized to 28x28 for the dense model and back to 21x13; converted to greyscale/);
    expect(await canvasInfo(page, 'reconstruction')).toEqual({ width: 21, height: 13, painted: 21 * 13 });
    expect(pageErrors).toEqual([]);
  });

  it('fits a narrow screen, every control labelled', async () => {
    const narrow = await browser.context.newPage();
    await narrow.setViewportSize({ width: 390, height: 844 });
    await narrow.goto(`${server.url}/apply`);
    await narrow.waitForSelector(`[data-testid=apply-run] option[value="${runId}"]`, { state: 'attached' });
    await narrow.setInputFiles('[data-testid=apply-file]', { name: 'tiny.png', mimeType: 'image/png', buffer: picture() });
    await narrow.waitForSelector('[data-testid=apply-mse]');
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const unlabelled = await narrow.$$eval('input, select, textarea, button', (els) =>
      els
        .filter((el) => {
          const e = el as HTMLInputElement;
          return !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent?.trim()));
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    await narrow.close();
  });
});
