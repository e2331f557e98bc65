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
  const text = await deviceList(page).count.innerText();
  const partial = /^(\d+) of (\d+) devices/.exec(text);
  if (partial) return { loaded: Number(partial[1]), total: Number(partial[2]) };
  const all = Number(/^(\d+) devices/.exec(text)?.[1] ?? Number.NaN);
  return { loaded: all, total: all };
}

/** Waits two animation frames in the page (one render and paint after the last input). */
export async function twoFrames(page: Page): Promise<void> {
  await page.evaluate<null>(
    'new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null))))',
  );
}

/** Scrolls the list's box by `px` (a string script: the bench compiles without the DOM lib). */
const scrollBy = (page: Page, px: number): Promise<boolean> =>
  page.evaluate<boolean>(`(() => {
    const el = document.querySelector('[aria-label="Device list (scrolls)"]');
    el.scrollTop += ${String(px)};
    return el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
  })()`);

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
    const atEnd = await scrollBy(page, stepPx);
    steps += 1;
    await twoFrames(page);
    const { loaded, total } = await readCount(page);
    if (atEnd && loaded === total) return { steps, total };
    if (Date.now() > deadline)
      throw new Error(`scrolling stopped at ${String(loaded)} of ${String(total)} devices`);
  }
}

/**
 * Types `name` into the search as a user would (one key each `keyDelayMs`) and times from the
 * last key until the device's row shows.
 */
export async function searchFor(page: Page, name: string, keyDelayMs: number): Promise<number> {
  const { search, table } = deviceList(page);
  await search.fill('');
  await search.pressSequentially(name, { delay: keyDelayMs });
  const typed = Date.now();
  await table.getByRole('button', { name, exact: true }).waitFor({ timeout: 15_000 });
  return Date.now() - typed;
}
