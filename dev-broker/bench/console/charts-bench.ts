// Operator charts bench: `devices` devices × `keys` numeric keys at `hz` published from Node while
// headless Chromium shows the operator view with one device's chart in live-tail mode.
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import type { ChartsOptions } from '../phase-options.ts';

import { heapUsed, readCounters, startCounting } from './browser.ts';
import { chartPoints, longTaskTimes, pageNow } from './chart-page.ts';
import {
  chartsResult,
  printChartsReport,
  type ChartsResult,
  type HeapSample,
} from './charts-report.ts';
import { openChartsScene } from './charts-scene.ts';

/** Runs the charts bench and prints its report. */
export async function runChartsBench(opts: ChartsOptions): Promise<ChartsResult> {
  const scene = await openChartsScene(opts);
  const { page, devices, keys, watched } = scene;
  try {
    await sleep(2_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const gcWindows: [number, number][] = [];
    const sample = async (at: string): Promise<HeapSample> => {
      const before = await heapUsed(cdp);
      const t0 = await pageNow(page);
      const after = await heapUsed(cdp, true);
      gcWindows.push([t0, await pageNow(page)]);
      return {
        at,
        beforeGcBytes: before,
        afterGcBytes: after,
        chartPoints: await chartPoints(page),
      };
    };
    const heap: HeapSample[] = [await sample('start')];
    const countFrom = await pageNow(page);
    await startCounting(page);
    const publishedAtStart = devices.published();
    const loadAtStart = loadavg();
    const started = performance.now();
    await sleep((opts.durationS * 1000) / 2);
    heap.push(await sample('middle'));
    await sleep(Math.max(0, opts.durationS * 1000 - (performance.now() - started)));
    const elapsedS = (performance.now() - started) / 1000;
    const loadAtEnd = loadavg();
    const counters = await readCounters(page);
    const published = devices.published() - publishedAtStart;
    heap.push(await sample('end'));
    const tasks = (await longTaskTimes(page)).filter(([start]) => start >= countFrom);
    await cdp.detach();
    const result = chartsResult({
      opts,
      keys,
      watched,
      elapsedS,
      published,
      counters,
      tasks,
      gcWindows,
      heap,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
    });
    printChartsReport(result);
    return result;
  } finally {
    await scene.close();
  }
}
