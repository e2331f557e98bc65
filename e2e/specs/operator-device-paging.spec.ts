import { fileURLToPath } from 'node:url';

import { expect, test as base } from '@playwright/test';

import { startDevBroker } from '../../dev-broker/main.ts';
import { SimDevice } from '../fixtures/sim-device.ts';
import { OperatorPage } from '../pages/operator-page.ts';

type FleetBroker = Awaited<ReturnType<typeof startDevBroker>>;

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));
const FLEET = 2_500;
const nameOf = (i: number) => `paged-${String(i).padStart(4, '0')}`;

/** Worker-scoped: an in-memory broker on free ports with 2,500 configured devices (token `<name>-token`). */
const test = base.extend<object, { fleetBroker: FleetBroker }>({
  fleetBroker: [
    // Playwright reads fixture dependencies from the first parameter, so it stays an (empty) pattern.
    async ({}, use) => {
      const broker = await startDevBroker({
        storage: 'memory',
        host: '127.0.0.1',
        mqttPort: 0,
        httpPort: 0,
        demo: false,
        staticDir: distDir,
        logLevel: 'warn',
        config: {
          devices: Array.from({ length: FLEET }, (_, i) => ({
            name: nameOf(i),
            credentials: { type: 'ACCESS_TOKEN' as const, token: `${nameOf(i)}-token` },
          })),
        },
      });
      try {
        await use(broker);
      } finally {
        await broker.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

test.describe('Operator device list at 2,500 devices', () => {
  test('scrolls page by page to the last device; its row goes online there', async ({
    page,
    fleetBroker,
  }) => {
    test.setTimeout(120_000);
    const operator = new OperatorPage(page);
    await operator.openOneClick(fleetBroker.httpUrl, fleetBroker.admin.password);
    const count = page.getByLabel('Device count');
    await expect(count).toHaveText('250 of 2500 devices loaded, scroll for more');
    // Only the rows in view are in the page.
    expect(await operator.devices().getByRole('row').count()).toBeLessThan(60);

    const list = page.getByRole('region', { name: 'Device list (scrolls)' });
    await list.hover();
    await expect(async () => {
      await page.mouse.wheel(0, 20_000);
      await expect(count).toHaveText('2500 devices, 0 online', { timeout: 500 });
    }).toPass({ timeout: 60_000 });
    // The broker's order (creation, then id) decides which device is last.
    const last = fleetBroker.hub.devices.list({ offset: FLEET - 1, limit: 1 }).items[0]?.name ?? '';
    await expect(async () => {
      await page.mouse.wheel(0, 20_000);
      await expect(operator.deviceRow(last)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
    const row = operator.deviceRow(last);
    await expect(row).toContainText('Offline');

    const sim = await SimDevice.connect(fleetBroker.mqttUrl, `${last}-token`);
    await expect(row).toContainText('Online');
    await expect(count).toHaveText('2500 devices, 1 online');
    await sim.close();
    await expect(row).toContainText('Offline');
  });

  test('search runs on the server and finds a device far beyond the first page', async ({
    page,
    fleetBroker,
  }) => {
    const operator = new OperatorPage(page);
    await operator.openOneClick(fleetBroker.httpUrl, fleetBroker.admin.password);
    await expect(page.getByLabel('Device count')).toHaveText(/^250 of 2500/);
    const far = fleetBroker.hub.devices.list({ offset: 2_222, limit: 1 }).items[0]?.name ?? '';
    await operator.search().fill(far);
    await expect(operator.deviceRow(far)).toBeVisible();
    await expect(page.getByLabel('Device count')).toHaveText('1 device, 0 online');
    await operator.search().fill('paged-1');
    // paged-1000 … paged-1999: more than a page, counted by the server
    await expect(page.getByLabel('Device count')).toHaveText(
      '250 of 1000 devices loaded, scroll for more',
    );
  });
});
