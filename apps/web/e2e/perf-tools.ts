import type { Page } from 'playwright-core';
import { launch } from './browser.js';
import { buildAndServe } from './server.js';

/** Builds and serves the app, opens a 1280x800 headless Chromium page on it, runs `measure`, and closes both. */
export async function withAppPage<T>(measure: (page: Page, url: string) => Promise<T>): Promise<T> {
  const app = await buildAndServe();
  const browser = await launch({ width: 1280, height: 800 });
  try {
    return await measure(await browser.context.newPage(), app.url);
  } finally {
    await browser.close();
    await app.close();
  }
}

/** Counts animation frames for `ms` and returns frames per second plus the longest gap between frames. */
export function measureFrames(page: Page, ms: number): Promise<{ fps: number; worstFrameMs: number }> {
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
      else resolve({ fps: Math.round((frames * 10000) / (now - start)) / 10, worstFrameMs: Math.round(worst * 10) / 10 });
    };
    requestAnimationFrame(tick);
  })`);
}

/** Main-thread busy time (Chrome's TaskDuration, seconds) so far, through the DevTools protocol. */
export async function taskMeter(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN;
  };
}

/** A counter the page shows (the updates so far), as a number. */
export async function shownCount(page: Page, testid: string): Promise<number> {
  return Number(((await page.textContent(`[data-testid=${testid}]`)) ?? '').replace(/\D/g, ''));
}

export interface Phase {
  fps: number;
  worstFrameMs: number;
  /** Share of the wall time the main thread was busy. */
  mainThreadBusy: string;
  updatesPerSecond: number;
}

/** Frames and main-thread busy time over `ms`, and the updates per second of the counter with test id `steps`. */
export async function measurePhase(page: Page, taskSeconds: () => Promise<number>, ms: number, steps: string): Promise<Phase> {
  const s0 = await shownCount(page, steps);
  const t0 = Date.now();
  const task0 = await taskSeconds();
  const frames = await measureFrames(page, ms);
  const task1 = await taskSeconds();
  const s1 = await shownCount(page, steps);
  const t1 = Date.now();
  return {
    ...frames,
    mainThreadBusy: `${Math.round(((task1 - task0) / ((t1 - t0) / 1000)) * 100)}%`,
    updatesPerSecond: Math.round(((s1 - s0) * 1000) / (t1 - t0)),
  };
}

/** A plain table on stdout (or one JSON line), the note on stderr. */
export function printRows(rows: Record<string, string | number>[], json: boolean, note: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (v: string[]) => v.map((x, i) => x.padEnd(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ''))));
  console.error(note);
}
