// What the browser tests check on every page: uncaught errors, a phone-sized screen without sideways scrolling,
// a label on every control, and canvases that change.
import type { Page } from 'playwright-core';
import type { Browser } from './browser.js';

/** A new page whose uncaught errors land in `errors` (the tests end by expecting none). */
export async function watchedPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** A new phone-sized page (390x844). */
export async function narrowPage(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  return page;
}

/** How much wider than the window the page is (0 or less: it never scrolls sideways). */
export function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The start of each visible form control's markup that has no label (a label element, aria-label, or a button's text). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.$$eval('input, select, textarea, button', (els) =>
    els
      .filter((el) => {
        const e = el as HTMLInputElement;
        if (e.closest('[hidden]')) return false;
        return !(e.labels?.length || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent?.trim()));
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

/** What the canvas inside the element with test id `id` shows, as a data URL (to tell whether it changed). */
export function canvasImage(page: Page, id: string): Promise<string> {
  return page.$eval(`[data-testid=${id}] canvas`, (c) => (c as HTMLCanvasElement).toDataURL());
}
