import { randomUUID } from 'node:crypto';

import { expect, test } from '../fixtures/test.ts';

test.describe('connection credentials and failures', () => {
  test('connects with client id, username and password, and explains a wrong password', async ({
    appPage,
    broker,
    page,
  }) => {
    const suffix = randomUUID().slice(0, 8);
    const basic = { clientId: `client-${suffix}`, userName: `user-${suffix}`, password: 'pw-1' };
    const { device } = await broker.hub.devices.create({
      name: `basic-${suffix}`,
      credentials: { type: 'MQTT_BASIC', ...basic },
    });

    await page.getByRole('radio', { name: 'Basic MQTT' }).check();
    await page.getByLabel('Client ID').fill(basic.clientId);
    await page.getByLabel('Username').fill(basic.userName);
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await appPage.connectButton().click();
    await expect(appPage.status()).toContainText(
      'The broker refused the connection: not authorized: no device matches this client id, username and password.',
    );

    await page.getByLabel('Password', { exact: true }).fill(basic.password);
    await appPage.connectButton().click();
    await expect(appPage.status()).toContainText(`as ${basic.clientId}`);
    await expect.poll(() => broker.hub.sessions.isOnline(device.id)).toBe(true);
  });

  test('keeps retrying while the broker cannot be reached, says why, and offers Retry now', async ({
    appPage,
    page,
  }) => {
    await appPage.brokerUrl().fill('ws://127.0.0.1:9/mqtt');
    await appPage.connect('any-token');
    await expect(appPage.status()).toContainText(
      'Cannot reach the broker at ws://127.0.0.1:9/mqtt.',
    );
    await expect(appPage.status()).toContainText(/Reconnecting in \d+ s \(attempt \d+\)/);
    await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
    // past the five attempts after which the console used to give up (issue 9 §5)
    await expect(appPage.status()).toContainText(/\(attempt ([6-9]|\d{2,})\)/, { timeout: 30_000 });
    await expect(appPage.status()).toContainText('Cannot reach the broker');
  });
});
