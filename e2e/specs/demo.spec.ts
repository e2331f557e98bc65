import { fileURLToPath } from 'node:url';

import { expect, test as base } from '@playwright/test';

import { startDevBroker } from '../../dev-broker/main.ts';
import { OperatorPage } from '../pages/operator-page.ts';

type DemoBroker = Awaited<ReturnType<typeof startDevBroker>>;

const distDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** A broker exactly as `npm start` runs it (demo on), in memory and on free ports. */
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

test.describe('Demo scenario', () => {
  test('its devices are online and publishing the moment the operator logs in', async ({
    page,
    demoBroker,
  }) => {
    const demo = demoBroker.demo;
    expect(demo?.devices.map((d) => d.name)).toEqual(
      expect.arrayContaining(['demo-thermostat', 'demo-energy-meter', 'demo-gps-tracker']),
    );
    const operator = new OperatorPage(page);
    await operator.openOneClick(demoBroker.httpUrl, demoBroker.admin.password);

    for (const { name } of demo?.devices ?? []) {
      await expect(operator.deviceRow(name)).toContainText('Online');
      expect(demoBroker.hub.sessions.isOnline(demoBroker.hub.devices.get(name).id)).toBe(true);
    }

    await operator.selectDevice('demo-thermostat');
    const panel = await operator.openDetailTab('Device telemetry');
    const temperature = panel
      .getByRole('region', { name: 'Latest telemetry' })
      .getByRole('row', { name: /temperature/ });
    await expect(temperature).toBeVisible();
    const first = await temperature.textContent();
    // The thermostat publishes every 2 s with a fresh timestamp: the row changes by itself.
    await expect(temperature).not.toHaveText(first ?? '', { timeout: 8_000 });
    const thermostatId = demoBroker.hub.devices.get('demo-thermostat').id;
    expect(demoBroker.hub.telemetry.keys(thermostatId)).toContain('temperature');
    await expect(
      panel.getByRole('region', { name: 'Chart' }).getByLabel('Chart points'),
    ).not.toHaveText('0 points');
  });
});
