// Operator charts bench: `devices` devices × `keys` numeric keys at `hz` published from Node while
// headless Chromium shows the operator view with one device's chart in live-tail mode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { startDevBroker } from '../../main.ts';
import type { ChartsOptions } from '../phase-options.ts';

import {
  heapUsed,
  INSTRUMENT_SCRIPT,
  launchChromium,
  readCounters,
  startCounting,
} from './browser.ts';
import { chartKeys, connectChartDevices } from './chart-devices.ts';
import {
  chartPoints,
  LONG_TASK_TIMES_SCRIPT,
  longTaskTimes,
  openLiveChart,
  pageNow,
} from './chart-page.ts';
import {
  chartsResult,
  printChartsReport,
  type ChartsResult,
  type HeapSample,
} from './charts-report.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Builds dist/ when its sources changed (scripts/ensure-build.mjs), as `npm start` does. */
export function ensureConsoleBuild(): string {
  const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the console build failed (npm run build shows why)');
  return join(root, 'dist');
}

/** Runs the charts bench and prints its report. */
export async function runChartsBench(opts: ChartsOptions): Promise<ChartsResult> {
  const staticDir = ensureConsoleBuild();
  const keys = chartKeys(opts.keys);
  const names = Array.from(
    { length: opts.devices },
    (_, i) => `chart-device-${String(i + 1).padStart(2, '0')}`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'iothub-charts-'));
  const broker = await startDevBroker({
    dataDir,
    host: '127.0.0.1',
    mqttPort: 0,
    httpPort: 0,
    demo: false,
    staticDir,
    logLevel: 'warn',
    config: {
      devices: names.map((name) => ({
        name,
        credentials: { type: 'ACCESS_TOKEN' as const, token: `${name}-token` },
      })),
    },
  });
  const browser = await launchChromium();
  const devices = await connectChartDevices(
    broker.mqttUrl,
    names.map((n) => `${n}-token`),
    keys,
  );
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(INSTRUMENT_SCRIPT);
    await page.addInitScript(LONG_TASK_TIMES_SCRIPT);
    devices.start(opts.hz); // the chart lists keys once the device has numeric telemetry
    const watched = names[0] ?? '';
    await openLiveChart(page, broker.httpUrl, broker.admin.password, watched, keys);
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
    const started = performance.now();
    await sleep((opts.durationS * 1000) / 2);
    heap.push(await sample('middle'));
    await sleep(Math.max(0, opts.durationS * 1000 - (performance.now() - started)));
    const elapsedS = (performance.now() - started) / 1000;
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
    });
    printChartsReport(result);
    return result;
  } finally {
    await devices.close();
    await browser.close();
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
