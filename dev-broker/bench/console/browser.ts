import { existsSync } from 'node:fs';

import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';

/** Debian's Chromium as e2e/playwright.config.ts launches it. */
export async function launchChromium(): Promise<Browser> {
  const path = process.env.IOTHUB_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({
    headless: true,
    ...(existsSync(path) ? { executablePath: path } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
    ],
  });
}

/**
 * Page instrumentation as a string script (the bench compiles without the DOM lib): long tasks,
 * animation frames, WebSocket frames and MQTT PUBLISH packets received, kept on `globalThis.__bench`.
 */
export const INSTRUMENT_SCRIPT = `
(() => {
  const b = { longTasks: [], frames: 0, wsFrames: 0, publishes: 0, counting: false };
  // Walks MQTT packets across WebSocket frames and counts inbound PUBLISH (type 3).
  const walker = () => {
    let buf = new Uint8Array(0);
    return (data) => {
      if (!(data instanceof ArrayBuffer)) return;
      const next = new Uint8Array(buf.length + data.byteLength);
      next.set(buf); next.set(new Uint8Array(data), buf.length); buf = next;
      let at = 0;
      for (;;) {
        if (buf.length - at < 2) break;
        let len = 0, mul = 1, i = at + 1, done = false;
        while (i < buf.length && i < at + 5) {
          const byte = buf[i++]; len += (byte & 127) * mul; mul *= 128;
          if ((byte & 128) === 0) { done = true; break; }
        }
        if (!done || buf.length < i + len) break;
        if (b.counting && buf[at] >> 4 === 3) b.publishes += 1;
        at = i + len;
      }
      buf = buf.slice(at);
    };
  };
  globalThis.__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (b.counting) b.longTasks.push(Math.round(e.duration));
  }).observe({ type: 'longtask', buffered: false });
  const tick = () => { if (b.counting) b.frames += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const Native = WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const walk = walker();
      this.addEventListener('message', (e) => { if (b.counting) b.wsFrames += 1; walk(e.data); });
    }
  };
})();
`;

export interface PageCounters {
  longTasks: number[];
  frames: number;
  wsFrames: number;
  publishes: number;
}

export async function startCounting(page: Page): Promise<void> {
  await page.evaluate('globalThis.__bench.counting = true');
}

export async function readCounters(page: Page): Promise<PageCounters> {
  return page.evaluate<PageCounters>(
    '({ longTasks: globalThis.__bench.longTasks, frames: globalThis.__bench.frames, wsFrames: globalThis.__bench.wsFrames, publishes: globalThis.__bench.publishes })',
  );
}

/** JSHeapUsedSize in bytes from CDP, optionally after a forced garbage collection. */
export async function heapUsed(cdp: CDPSession, collect = false): Promise<number> {
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}
