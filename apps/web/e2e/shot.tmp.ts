import { launch } from './browser.js';
import { buildAndServe } from './server.js';
const app = await buildAndServe();
const b = await launch({ width: Number(process.argv[2] ?? 1280), height: Number(process.argv[3] ?? 800) });
const page = await b.context.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(app.url + (process.argv[4] ?? ''));
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot1.png' });
if (process.argv[5] === 'train') {
  await page.click('[data-testid=start]');
  await page.waitForTimeout(3000);
  await page.screenshot({ path: '/tmp/shot2.png' });
  console.log(await page.textContent('[data-testid=step-count]'), await page.textContent('[data-testid=steps-per-second]'), await page.textContent('[data-testid=train-rmse]'));
}
console.log(page.url());
await b.close();
await app.close();
