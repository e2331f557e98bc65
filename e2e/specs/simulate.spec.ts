import { randomUUID } from 'node:crypto';

import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';

test.describe('Simulate a device from the operator list', () => {
  test('one click opens the split view connected as that device, named', async ({
    page,
    operatorPage,
    device,
    broker,
  }) => {
    await operatorPage.refresh();
    await operatorPage
      .deviceRow(device.name)
      .getByRole('button', { name: `Simulate ${device.name}` })
      .click();

    const app = new AppPage(page);
    await expect(page.getByRole('radio', { name: 'Both' })).toBeChecked();
    await expect(page.getByRole('region', { name: 'Device side' })).toBeVisible();
    await expect(app.status()).toContainText(`Connected`);
    await expect(app.status()).toContainText(`as device ${device.name}`);
    await expect(app.accessToken()).toHaveValue(device.token);
    await expect.poll(() => broker.hub.sessions.isOnline(device.id)).toBe(true);
    // The operator side shows the simulated device.
    await expect(operatorPage.detail(device.name)).toBeVisible();
  });

  test('a device with MQTT basic credentials connects with them', async ({
    page,
    operatorPage,
    broker,
  }) => {
    const name = `basic-${randomUUID().slice(0, 8)}`;
    const { device } = await broker.hub.devices.create({
      name,
      credentials: { type: 'MQTT_BASIC', clientId: `${name}-id`, userName: name, password: 'pw-1' },
    });
    await operatorPage.refresh();
    await operatorPage
      .deviceRow(name)
      .getByRole('button', { name: `Simulate ${name}` })
      .click();

    const app = new AppPage(page);
    await expect(app.status()).toContainText(`as device ${name} (client id ${name}-id)`);
    await expect(page.getByLabel('Username')).toHaveValue(name);
    await expect.poll(() => broker.hub.sessions.isOnline(device.id)).toBe(true);
    await broker.hub.devices.delete(device.id);
  });
});
