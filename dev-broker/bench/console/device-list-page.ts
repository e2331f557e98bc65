import type { Page } from '@playwright/test';

/** The operator's device list as the bench drives it (the same names the e2e page object uses). */
export function deviceList(page: Page) {
  const table = page.getByRole('table', { name: 'Devices' });
  const scroller = page.getByRole('region', { name: 'Device list (scrolls)' });
  const count = page.getByLabel('Device count').filter({ hasText: /^\d+ (of \d+ )?devices/ });
  return { table, scroller, count, search: page.getByLabel('Search devices') };
}

/** The count line as numbers: loaded and total ("19000 devices, 0 online" or "250 of 19000 …"). */
export async function readCount(page: Page): Promise<{ loaded: number; total: number }> {
  return parseCount(await deviceList(page).count.innerText());
}

/**
 * One scroll step in the page, as a string script (the bench compiles without the DOM lib, and a
 * Playwright locator would walk the whole DOM for labels on the page's main thread every step,
 * adding long tasks of its own): scrolls the list's box by `px`, waits two frames, then reads
 * whether the box is at its end and the count line.
 */
const scrollStep = (page: Page, px: number): Promise<{ atEnd: boolean; count: string }> =>
  page.evaluate<{ atEnd: boolean; count: string }>(`(async () => {
    const el = document.querySelector('[aria-label="Device list (scrolls)"]');
    el.scrollTop += ${String(px)};
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const count = document.querySelector('[aria-label="Device count"]')?.textContent ?? '';
    return { atEnd: el.scrollTop + el.clientHeight >= el.scrollHeight - 2, count };
  })()`);

/** "19000 devices, 0 online" or "250 of 19000 devices loaded, …" as numbers. */
function parseCount(text: string): { loaded: number; total: number } {
  const partial = /^(\d+) of (\d+) devices/.exec(text);
  if (partial) return { loaded: Number(partial[1]), total: Number(partial[2]) };
  const all = Number(/^(\d+) devices?/.exec(text)?.[1] ?? Number.NaN);
  return { loaded: all, total: all };
}

/**
 * Scrolls the device list down by `stepPx` at a time, two frames apart (a fast wheel), until every
 * device is loaded and the last row is in view. Returns the steps taken and the pages' total.
 */
export async function scrollToEnd(
  page: Page,
  stepPx: number,
  timeoutMs: number,
): Promise<{ steps: number; total: number }> {
  await deviceList(page).scroller.waitFor();
  const deadline = Date.now() + timeoutMs;
  let steps = 0;
  for (;;) {
    const { atEnd, count } = await scrollStep(page, stepPx);
    steps += 1;
    const { loaded, total } = parseCount(count);
    if (atEnd && loaded === total) return { steps, total };
    if (Date.now() > deadline)
      throw new Error(`scrolling stopped at ${String(loaded)} of ${String(total)} devices`);
  }
}

/**
 * Types `name` into the search as a user would (one key each `keyDelayMs`) and times from the
 * last key until the list shows that device alone.
 */
export async function searchFor(page: Page, name: string, keyDelayMs: number): Promise<number> {
  const { search } = deviceList(page);
  await search.fill('');
  await search.pressSequentially(name, { delay: keyDelayMs });
  const typed = Date.now();
  // Watched in the page (a locator polled from here would query roles across the DOM on the
  // page's main thread meanwhile).
  // The row alone: an earlier prefix of the name may have shown it among others already.
  await page.waitForFunction(
    `document.querySelector('[aria-label="Device count"]')?.textContent?.startsWith('1 device,') &&
     [...document.querySelectorAll('table button')].some((b) => b.textContent === ${JSON.stringify(name)})`,
    undefined,
    { timeout: 15_000, polling: 'raf' },
  );
  return Date.now() - typed;
}
