import type { Page } from '@playwright/test';

import type { DevBroker } from '../../main.ts';

import { heapUsed, readCounters, startCounting } from './browser.ts';

export interface LoadResult {
  durationS: number;
  targetRate: number;
  pushed: number;
  /** MQTT PUBLISH packets the page received over its WebSocket. */
  received: number;
  /** Packets the console's log counted ("… since cleared"): publishes in plus PUBACKs out. */
  logPackets: number;
  /** Time after the last push until the page had received every publish (or gave up). */
  drainMs: number;
  wsFrames: number;
  longTasksOver50: number;
  longestTaskMs: number;
  fps: number;
  heapStartMb: number;
  heapEndMb: number;
  heapEndAfterGcMb: number;
}

const MB = 1024 * 1024;

/** The number in the Log panel's "… N since cleared" status. */
async function logTotal(page: Page): Promise<number> {
  const panel = page.getByRole('tabpanel', { name: 'Log', exact: true });
  const text = await panel.getByRole('status', { name: 'Log count' }).innerText();
  const match = /([\d,]+) since cleared/.exec(text);
  return match?.[1] === undefined ? 0 : Number(match[1].replaceAll(',', ''));
}

/**
 * Pushes shared-attribute updates to the console's device at `rate` per second for `durationS`
 * (each save is one PUBLISH to the device's attribute topic) while the Log panel is open.
 */
export async function runLoad(
  broker: DevBroker,
  page: Page,
  deviceId: string,
  rate: number,
  durationS: number,
): Promise<LoadResult> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapStart = await heapUsed(cdp, true);
  const baseline = await logTotal(page);
  await startCounting(page);
  const started = performance.now();
  let pushed = 0;
  const pending = new Set<Promise<void>>();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      const due = Math.min(Math.floor(elapsed * rate), Math.floor(durationS * rate));
      while (pushed < due) {
        pushed += 1;
        const entries = broker.hub.attributes.toEntries({ load: pushed, at: Date.now() });
        const write = broker.hub.attributes.save(deviceId, 'SHARED', entries);
        pending.add(write);
        void write.finally(() => pending.delete(write));
      }
      if (elapsed >= durationS) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(pending);
  const elapsedS = (performance.now() - started) / 1000;
  const atEnd = await readCounters(page);
  const heapEnd = await heapUsed(cdp);
  // Let the console drain what is in flight (up to 15 s), then read its counts.
  let counters = atEnd;
  const drainUntil = performance.now() + 15_000;
  while (counters.publishes < pushed && performance.now() < drainUntil) {
    await page.waitForTimeout(250);
    counters = await readCounters(page);
  }
  const drainMs = Math.round(performance.now() - started - elapsedS * 1000);
  const logPackets = (await logTotal(page)) - baseline;
  const heapEndAfterGc = await heapUsed(cdp, true);
  await cdp.detach();
  return {
    durationS: Number(elapsedS.toFixed(1)),
    targetRate: rate,
    pushed,
    received: counters.publishes,
    logPackets,
    drainMs,
    wsFrames: counters.wsFrames,
    longTasksOver50: atEnd.longTasks.filter((d) => d > 50).length,
    longestTaskMs: Math.max(0, ...atEnd.longTasks),
    fps: Number((atEnd.frames / elapsedS).toFixed(1)),
    heapStartMb: Number((heapStart / MB).toFixed(1)),
    heapEndMb: Number((heapEnd / MB).toFixed(1)),
    heapEndAfterGcMb: Number((heapEndAfterGc / MB).toFixed(1)),
  };
}
