/**
 * Measures the digits lab in headless Chromium: frames per second while idle and while the worker trains the
 * 784-h-784 autoencoder, main-thread busy time and updates per second; optionally trains on to a given age and saves
 * a screenshot of the weight tiles. Prints numbers, asserts nothing:
 * `pnpm --filter @aelab/web perf:digits [--seconds N] [--units H] [--screenshot PATH --at SECONDS] [--json]`.
 */
import type { Page } from 'playwright-core';
import { launch } from './browser.js';
import { buildAndServe } from './server.js';
import { measureFrames, printRows, taskMeter } from './perf-tools.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(arg('--seconds') ?? 8) || 8;
const units = Number(arg('--units') ?? 100) || 100;
const screenshot = arg('--screenshot');
const at = Number(arg('--at') ?? 60) || 60;
const json = args.includes('--json');

const steps = async (page: Page) => Number(((await page.textContent('[data-testid=digits-step-count]')) ?? '').replace(/\D/g, ''));

const app = await buildAndServe();
const browser = await launch({ width: 1280, height: 800 });
const rows: Record<string, string | number>[] = [];
try {
  const page = await browser.context.newPage();
  await page.goto(`${app.url}digits?h=${units}&epochs=100000`);
  await page.waitForSelector(`[data-testid=digit-tiles][data-count="${Math.min(units, 100)}"]`);
  await page.waitForSelector('[data-testid=sparseness-value]');
  const net = `784-${units}-784`;
  const taskSeconds = await taskMeter(page);
  const busy0 = await taskSeconds();
  const idle = await measureFrames(page, 2000);
  rows.push({ phase: 'idle', net, fps: idle.fps, worstFrameMs: idle.worstFrameMs, mainThreadBusy: pct(((await taskSeconds()) - busy0) / 2), updatesPerSecond: 0 });

  await page.click('[data-testid=digits-toggle]');
  const started = Date.now();
  await page.waitForTimeout(1000);
  const s0 = await steps(page);
  const t0 = Date.now();
  const task0 = await taskSeconds();
  const training = await measureFrames(page, seconds * 1000);
  const task1 = await taskSeconds();
  const s1 = await steps(page);
  const t1 = Date.now();
  rows.push({
    phase: 'training',
    net,
    fps: training.fps,
    worstFrameMs: training.worstFrameMs,
    mainThreadBusy: pct((task1 - task0) / ((t1 - t0) / 1000)),
    updatesPerSecond: Math.round(((s1 - s0) * 1000) / (t1 - t0)),
  });
  if (screenshot) {
    // Tall enough that the tiles need no scrolling (the sticky control bar would cover their top row).
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.waitForTimeout(Math.max(0, at * 1000 - (Date.now() - started)));
    const card = await page.$('[data-testid=digit-tiles]');
    await card!.screenshot({ path: screenshot });
    const epoch = await page.textContent('[data-testid=digits-epoch]');
    // The same moment's input weights (the report's bottom-up view) beside it.
    await page.click('[data-testid=tiles-encoder]');
    await page.waitForTimeout(300);
    await card!.screenshot({ path: screenshot.replace(/(\.png)?$/, '-input.png') });
    rows.push({ phase: `screenshot at ${Math.round((Date.now() - started) / 1000)} s`, net, fps: '', worstFrameMs: '', mainThreadBusy: '', updatesPerSecond: `${await steps(page)} updates, epoch ${epoch}` });
  }
  await page.click('[data-testid=digits-toggle]');
} finally {
  await browser.close();
  await app.close();
}

printRows(rows, json, `(headless Chromium, ${seconds}s window; shared 2-core machine, so numbers are noisy)`);
if (screenshot) console.error(`tiles saved to ${screenshot}`);

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
