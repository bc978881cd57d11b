import type { Page } from 'playwright-core';

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
