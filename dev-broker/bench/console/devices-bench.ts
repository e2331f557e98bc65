// Operator devices bench: the dev broker with 19,000 configured devices (in memory), the operator
// view in headless Chromium; the device list is scrolled end to end and searched while long tasks
// are counted (issue 13: the operator UI at 19,000 devices).
import { setTimeout as sleep } from 'node:timers/promises';

import { startDevBroker } from '../../main.ts';

import { INSTRUMENT_SCRIPT, launchChromium, readCounters, startCounting } from './browser.ts';
import { LONG_TASK_TIMES_SCRIPT, longTaskTimes, pageNow } from './chart-page.ts';
import { ensureConsoleBuild, tokenDevices } from './charts-scene.ts';
import { deviceList, readCount, scrollToEnd, searchFor } from './device-list-page.ts';
import {
  formatDevicesReport,
  loadAvg,
  type DevicesOptions,
  type DevicesResult,
} from './devices-report.ts';

/** Key delay of the typed searches, ms (a quick typist). */
const KEY_DELAY_MS = 60;

export const benchDeviceName = (i: number): string => `fleet-${String(i).padStart(5, '0')}`;

/** Runs the phase and prints its report. */
export async function runDevicesBench(opts: DevicesOptions): Promise<DevicesResult> {
  const staticDir = ensureConsoleBuild();
  const loadAvgStart = loadAvg();
  const names = Array.from({ length: opts.devices }, (_, i) => benchDeviceName(i));
  const t0 = performance.now();
  const broker = await startDevBroker({
    storage: 'memory',
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir,
    logLevel: 'warn',
    config: tokenDevices(names),
  });
  const brokerStartMs = Math.round(performance.now() - t0);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(INSTRUMENT_SCRIPT);
    await page.addInitScript(LONG_TASK_TIMES_SCRIPT);
    const opened = performance.now();
    const password = encodeURIComponent(broker.admin.password);
    await page.goto(`${broker.httpUrl}/?role=operator&user=admin#password=${password}`);
    await deviceList(page).count.waitFor({ timeout: 60_000 });
    const firstPageMs = Math.round(performance.now() - opened);
    await sleep(1_000);
    const countFrom = await pageNow(page);
    const openTasks = (await longTaskTimes(page)).filter(([, d]) => d > 50).length;
    await startCounting(page);
    const started = performance.now();
    const scrolled = await scrollToEnd(page, opts.scrollStep, 300_000);
    const scroll = { ...scrolled, ms: Math.round(performance.now() - started) };
    if (scroll.total !== opts.devices)
      throw new Error(
        `the list counted ${String(scroll.total)} of ${String(opts.devices)} devices`,
      );
    // The list's order is the broker's (creation, then id): ask it which device comes last.
    const last =
      broker.hub.devices.list({ offset: opts.devices - 1, limit: 1 }).items[0]?.name ?? '';
    await page.waitForFunction(
      `[...document.querySelectorAll('table button')].some((b) => b.textContent === ${JSON.stringify(last)})`,
      undefined,
      { timeout: 15_000, polling: 'raf' },
    );
    const picks = [last, names[Math.floor(names.length / 2)] ?? '', names[1234 % names.length]];
    const searches: DevicesResult['searches'] = [];
    for (const name of picks) {
      if (name === undefined) continue;
      searches.push({ name, ms: await searchFor(page, name, KEY_DELAY_MS) });
    }
    await deviceList(page).search.fill('');
    await page.waitForFunction(
      `document.querySelector('[aria-label="Device count"]')?.textContent?.includes(' ${String(opts.devices)} devices') ||
       document.querySelector('[aria-label="Device count"]')?.textContent?.startsWith('${String(opts.devices)} devices')`,
      undefined,
      { polling: 'raf' },
    );
    const elapsedS = (performance.now() - started) / 1000;
    const counters = await readCounters(page);
    const durations = (await longTaskTimes(page))
      .filter(([start]) => start >= countFrom)
      .map(([, d]) => d);
    const over50 = durations.filter((d) => d > 50).length;
    const result: DevicesResult = {
      options: opts,
      brokerStartMs,
      firstPageMs,
      openLongTasksOver50: openTasks,
      scroll: { steps: scroll.steps, ms: scroll.ms, totalShown: (await readCount(page)).total },
      searches,
      longTasksOver50: over50,
      longestTaskMs: Math.round(Math.max(0, ...durations)),
      fps: Number((counters.frames / elapsedS).toFixed(1)),
      loadAvgStart,
      loadAvgEnd: loadAvg(),
      goals: { noLongTaskOver50: over50 === 0 },
    };
    for (const line of formatDevicesReport(result)) console.log(line);
    return result;
  } finally {
    await browser.close();
    await broker.close();
  }
}
