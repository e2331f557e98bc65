// The operator-charts scene: a dev broker serving the built console, `devices` MQTT.js devices
// publishing `keys` numeric keys at `hz`, and headless Chromium on the first device's live chart.
// The charts bench measures it; profile/profile-charts.ts profiles it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Page } from '@playwright/test';

import { startDevBroker } from '../../main.ts';
import type { ChartsOptions } from '../phase-options.ts';

import { INSTRUMENT_SCRIPT, launchChromium } from './browser.ts';
import { chartKeys, connectChartDevices, type ChartDevices } from './chart-devices.ts';
import { LONG_TASK_TIMES_SCRIPT, openLiveChart } from './chart-page.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A broker config with one ACCESS_TOKEN device per name (token `<name>-token`), for the console phases. */
export function tokenDevices(names: readonly string[]) {
  return {
    devices: names.map((name) => ({
      name,
      credentials: { type: 'ACCESS_TOKEN' as const, token: `${name}-token` },
    })),
  };
}

/** Builds dist/ when its sources changed (scripts/ensure-build.mjs), as `npm start` does. */
export function ensureConsoleBuild(): string {
  const built = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the console build failed (npm run build shows why)');
  return join(root, 'dist');
}

export interface ChartsScene {
  page: Page;
  devices: ChartDevices;
  keys: string[];
  /** The device whose chart is open. */
  watched: string;
  close(): Promise<void>;
}

/**
 * Starts the scene and returns once the live chart shows every key. `staticDir` defaults to the
 * console build (dist/, rebuilt when stale); a profile may pass an unminified build instead.
 */
export async function openChartsScene(
  opts: ChartsOptions,
  staticDir = ensureConsoleBuild(),
): Promise<ChartsScene> {
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
    config: tokenDevices(names),
  });
  const browser = await launchChromium();
  const devices = await connectChartDevices(
    broker.mqttUrl,
    names.map((n) => `${n}-token`),
    keys,
  );
  const close = async (): Promise<void> => {
    await devices.close();
    await browser.close();
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(INSTRUMENT_SCRIPT);
    await page.addInitScript(LONG_TASK_TIMES_SCRIPT);
    devices.start(opts.hz); // the chart lists keys once the device has numeric telemetry
    const watched = names[0] ?? '';
    await openLiveChart(page, broker.httpUrl, broker.admin.password, watched, keys);
    return { page, devices, keys, watched, close };
  } catch (error) {
    await close();
    throw error;
  }
}
