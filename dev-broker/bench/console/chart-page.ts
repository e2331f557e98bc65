import type { Page } from '@playwright/test';

/**
 * Long tasks with their start time (page clock), so the ones a forced GC causes can be left out.
 * Added beside browser.ts's INSTRUMENT_SCRIPT, which keeps durations only.
 */
export const LONG_TASK_TIMES_SCRIPT = `
(() => {
  const entries = [];
  globalThis.__longTaskTimes = entries;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: false });
})();
`;

export async function longTaskTimes(page: Page): Promise<[number, number][]> {
  return page.evaluate<[number, number][]>('globalThis.__longTaskTimes.slice()');
}

export const pageNow = (page: Page): Promise<number> => page.evaluate<number>('performance.now()');

/**
 * Logs in with the one-click link, opens `device`'s "Device telemetry" tab and ticks every key in
 * the chart (live tail is the default mode). Returns the chart region.
 */
export async function openLiveChart(
  page: Page,
  httpUrl: string,
  password: string,
  device: string,
  keys: readonly string[],
) {
  await page.goto(`${httpUrl}/?role=operator&user=admin#password=${encodeURIComponent(password)}`);
  await page.getByRole('status', { name: 'Operator session' }).getByText('Logged in as').waitFor();
  const devices = page.getByRole('table', { name: 'Devices' });
  await devices.getByRole('button', { name: device, exact: true }).click();
  await page.getByRole('tab', { name: 'Device telemetry', exact: true }).click();
  const panel = page.getByRole('tabpanel', { name: 'Device telemetry', exact: true });
  const chart = panel.getByRole('region', { name: 'Chart' });
  const mode = chart.getByLabel('Chart mode');
  await mode.selectOption({ label: 'Live tail' });
  for (const key of keys) {
    const box = chart.getByRole('checkbox', { name: key, exact: true });
    await box.check();
  }
  return { panel, chart };
}

/** The chart's "N points" status as a number. */
export async function chartPoints(page: Page): Promise<number> {
  const text = await page
    .getByRole('tabpanel', { name: 'Device telemetry', exact: true })
    .getByRole('region', { name: 'Chart' })
    .getByLabel('Chart points')
    .innerText();
  return Number(/(\d+) points/.exec(text)?.[1] ?? Number.NaN);
}
