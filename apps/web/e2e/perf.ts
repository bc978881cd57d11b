/**
 * Measures the playground in headless Chromium: frames per second of the page while the worker trains, and weight
 * updates per second, for the 8-8-2-8-8 autoencoder on the default data at batch 10 (the targets: 55+ fps,
 * 1,000+ updates/s). Prints numbers, asserts nothing; run with `pnpm --filter @aelab/web perf [--seconds N] [--json]`.
 */
import { measurePhase, printRows, shownCount, taskMeter, withAppPage } from './perf-tools.js';

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 5) || 5;
const json = args.includes('--json');

const rows = await withAppPage(async (page, url) => {
  // Default data and network; only the stopping rules are lifted so training lasts the whole measurement.
  await page.goto(`${url}?epochs=1000000&conv=1e-30`);
  await page.waitForSelector('[data-testid=code-scatter][data-points="300"]');
  const layers = await page.$$eval('#f-model-layers-0-units, #f-model-layers-1-units, #f-model-layers-2-units', (els) => els.map((e) => (e as HTMLInputElement).value));
  const setup = { net: `8-${layers.join('-')}-8`, batch: await page.inputValue('#f-training-batchSize') };

  const taskSeconds = await taskMeter(page);
  const idle = await measurePhase(page, taskSeconds, 2000, 'step-count');
  await page.click('[data-testid=start]');
  await page.waitForTimeout(1000);
  const training = await measurePhase(page, taskSeconds, seconds * 1000, 'step-count');
  const shownStepsPerSecond = await shownCount(page, 'steps-per-second');
  await page.click('[data-testid=pause]');
  return [
    { phase: 'idle', ...setup, ...idle },
    { phase: 'training', ...setup, ...training, shownStepsPerSecond },
  ];
});

printRows(rows, json, `(headless Chromium ${seconds}s window; shared 2-core machine, so numbers are noisy)`);
