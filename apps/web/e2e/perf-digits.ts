/**
 * Measures the digits lab in headless Chromium: frames per second while idle and while the worker trains the
 * 784-h-784 autoencoder, main-thread busy time and updates per second; optionally trains on to a given age and saves
 * a screenshot of the weight tiles. Prints numbers, asserts nothing:
 * `pnpm --filter @aelab/web perf:digits [--seconds N] [--units H] [--screenshot PATH --at SECONDS] [--json]`.
 */
import { measurePhase, printRows, shownCount, taskMeter, withAppPage } from './perf-tools.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seconds = Number(arg('--seconds') ?? 8) || 8;
const units = Number(arg('--units') ?? 100) || 100;
const screenshot = arg('--screenshot');
const at = Number(arg('--at') ?? 60) || 60;
const json = args.includes('--json');

const rows = await withAppPage(async (page, url) => {
  const measured: Record<string, string | number>[] = [];
  await page.goto(`${url}digits?h=${units}&epochs=100000`);
  await page.waitForSelector(`[data-testid=digit-tiles][data-count="${Math.min(units, 100)}"]`);
  await page.waitForSelector('[data-testid=sparseness-value]');
  const net = `784-${units}-784`;
  const taskSeconds = await taskMeter(page);
  measured.push({ phase: 'idle', net, ...(await measurePhase(page, taskSeconds, 2000, 'digits-step-count')) });

  await page.click('[data-testid=digits-toggle]');
  const started = Date.now();
  await page.waitForTimeout(1000);
  measured.push({ phase: 'training', net, ...(await measurePhase(page, taskSeconds, seconds * 1000, 'digits-step-count')) });
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
    measured.push({ phase: `screenshot at ${Math.round((Date.now() - started) / 1000)} s`, net, fps: '', worstFrameMs: '', mainThreadBusy: '', updatesPerSecond: `${await shownCount(page, 'digits-step-count')} updates, epoch ${epoch}` });
  }
  await page.click('[data-testid=digits-toggle]');
  return measured;
});

printRows(rows, json, `(headless Chromium, ${seconds}s window; shared 2-core machine, so numbers are noisy)`);
if (screenshot) console.error(`tiles saved to ${screenshot}`);
