/**
 * Measures the playground in headless Chromium: frames per second of the page while the worker trains, and weight
 * updates per second, for the 8-8-2-8-8 autoencoder on the default data at batch 10 (the targets: 55+ fps,
 * 1,000+ updates/s). Prints numbers, asserts nothing; run with `pnpm --filter @aelab/web perf [--seconds N] [--json]`.
 */
import type { Page } from 'playwright-core';
import { launch } from './browser.js';
import { buildAndServe } from './server.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 5) || 5;
const json = args.includes('--json');

/** Counts animation frames for `ms` and returns frames per second plus the longest gap between frames. */
function measureFrames(page: Page, ms: number): Promise<{ fps: number; worstFrameMs: number }> {
  // A string, not a function: tsx's name-keeping helpers do not exist inside the page.
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0, worst = 0;
    const start = performance.now();
    let last = start;
    const tick = (now) => {
      frames += 1;
      worst = Math.max(worst, now - last);
      last = now;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else resolve({ fps: (frames * 1000) / (now - start), worstFrameMs: worst });
    };
    requestAnimationFrame(tick);
  })`);
}

/** Main-thread busy time (Chrome's TaskDuration, seconds) so far, through the DevTools protocol. */
async function taskMeter(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
}

const steps = async (page: Page) => Number(((await page.textContent('[data-testid=step-count]')) ?? '').replace(/\D/g, ''));

const app = await buildAndServe();
const browser = await launch({ width: 1280, height: 800 });
const rows: Record<string, string | number>[] = [];
try {
  const page = await browser.context.newPage();
  // Default data and network; only the stopping rules are lifted so training lasts the whole measurement.
  await page.goto(`${app.url}?epochs=1000000&conv=1e-30`);
  await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
  const layers = await page.$$eval('#f-model-layers-0-units, #f-model-layers-1-units, #f-model-layers-2-units', (els) => els.map((e) => (e as HTMLInputElement).value));
  const net = `8-${layers.join('-')}-8`;
  const batch = await page.inputValue('#f-training-batchSize');

  const taskSeconds = await taskMeter(page);
  const busyIdle0 = await taskSeconds();
  const idle = await measureFrames(page, 2000);
  const busyIdle = ((await taskSeconds()) - busyIdle0) / 2;
  rows.push({ phase: 'idle', net, batch, fps: round(idle.fps), worstFrameMs: round(idle.worstFrameMs), mainThreadBusy: pct(busyIdle), updatesPerSecond: 0 });

  await page.click('[data-testid=start]');
  await page.waitForTimeout(1000);
  const s0 = await steps(page);
  const t0 = Date.now();
  const task0 = await taskSeconds();
  const busy = await measureFrames(page, seconds * 1000);
  const task1 = await taskSeconds();
  const s1 = await steps(page);
  const t1 = Date.now();
  const shown = Number(((await page.textContent('[data-testid=steps-per-second]')) ?? '').replace(/\D/g, ''));
  rows.push({
    phase: 'training',
    net,
    batch,
    fps: round(busy.fps),
    worstFrameMs: round(busy.worstFrameMs),
    mainThreadBusy: pct((task1 - task0) / ((t1 - t0) / 1000)),
    updatesPerSecond: Math.round(((s1 - s0) * 1000) / (t1 - t0)),
    shownStepsPerSecond: shown,
  });
  await page.click('[data-testid=pause]');
} finally {
  await browser.close();
  await app.close();
}

if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
else {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (v: string[]) => v.map((x, i) => x.padEnd(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
  console.error(`(headless Chromium ${seconds}s window; shared 2-core machine, so numbers are noisy)`);
}

function pct(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
