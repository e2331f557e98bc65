import { fileURLToPath } from 'node:url';

import { expect, test as base } from '@playwright/test';

import { startDevBroker } from '../../dev-broker/main.ts';
import { snapshot } from '../fixtures/screenshots.ts';
import { OperatorPage } from '../pages/operator-page.ts';

type DemoBroker = Awaited<ReturnType<typeof startDevBroker>>;

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** A broker as `npm start` runs it (the demo fleet publishing), in memory and on free ports. */
const test = base.extend<{ demoBroker: DemoBroker }>({
  // Playwright reads fixture dependencies from the first parameter, so it stays an (empty) pattern.
  demoBroker: async ({}, use) => {
    const broker = await startDevBroker({
      storage: 'memory',
      host: '127.0.0.1',
      mqttPort: 0,
      httpPort: 0,
      staticDir: distDir,
      logLevel: 'warn',
    });
    try {
      await use(broker);
    } finally {
      await broker.close();
    }
  },
});

test.describe('Fleet overview', () => {
  test('shows every demo device as a card with live sparklines and the GPS track', async ({
    page,
    demoBroker,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    const operator = new OperatorPage(page);
    await operator.openOneClick(demoBroker.httpUrl, demoBroker.admin.password);
    await operator.tab('Fleet overview').click();
    const fleet = page.getByRole('list', { name: 'Devices in the fleet' });
    const thermostat = fleet.getByRole('listitem', { name: 'demo-thermostat' });
    await expect(thermostat).toContainText('Online');
    await expect(
      thermostat.getByRole('img', { name: /demo-thermostat temperature: last value/ }),
    ).toBeVisible({ timeout: 15_000 });
    await expect(thermostat).toContainText('Firmware:');
    await expect(thermostat).toContainText('no pending RPC');
    const tracker = fleet.getByRole('listitem', { name: 'demo-gps-tracker' });
    await expect(
      tracker.getByRole('img', { name: /demo-gps-tracker track: \d+ positions/ }),
    ).toBeVisible({ timeout: 15_000 });
    await expect(
      tracker.getByRole('img', { name: /demo-gps-tracker track:/ }).locator('polyline'),
    ).toHaveCount(1, {
      timeout: 15_000,
    });
    await snapshot(page, testInfo, 'operator-fleet-light-1280');
  });

  test('1,000 devices: only the cards in view are rendered, and search finds any of them', async ({
    page,
    demoBroker,
  }) => {
    test.setTimeout(120_000);
    // With the 4 demo devices, 1,000 in all.
    for (let i = 0; i < 996; i += 1)
      await demoBroker.hub.devices.create({ name: `fleet-${String(i).padStart(4, '0')}` });
    const operator = new OperatorPage(page);
    await operator.openOneClick(demoBroker.httpUrl, demoBroker.admin.password);
    await operator.tab('Fleet overview').click();
    const panel = operator.panel('Fleet overview');
    await expect(panel.getByLabel('Fleet count')).toContainText('1000 of 1000 devices');
    const fleet = panel.getByRole('list', { name: 'Devices in the fleet' });
    await expect(fleet.getByRole('listitem').first()).toBeVisible();
    expect(await fleet.getByRole('listitem').count()).toBeLessThan(100);

    // Scrolled to the end, the last cards are rendered (and the first ones are not).
    // The grid's height settles as the first cards are measured: scroll to the end until it stays there.
    const scroller = panel.getByRole('region', { name: 'Fleet (scrolls)' });
    await expect(async () => {
      await scroller.evaluate((box) => {
        box.scrollTop = box.scrollHeight;
      });
      await expect(fleet.getByRole('listitem', { name: 'fleet-0995' })).toBeVisible({
        timeout: 1000,
      });
    }).toPass();
    await expect(fleet.getByRole('listitem', { name: 'demo-thermostat' })).toHaveCount(0);

    await panel.getByLabel('Search the fleet').fill('fleet-0500');
    await expect(panel.getByLabel('Fleet count')).toContainText('1 of 1000 devices');
    await expect(fleet.getByRole('listitem', { name: 'fleet-0500' })).toBeVisible();
  });
});
