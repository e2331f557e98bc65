import { randomUUID } from 'node:crypto';

import type { E2eBroker } from '../fixtures/broker.ts';
import { expect, test } from '../fixtures/test.ts';
import { ProvisionPanel } from '../pages/provision-panel.ts';

/** A profile that lets devices provision themselves (spec §10, ALLOW_CREATE_NEW_DEVICES). */
async function provisioningProfile(broker: E2eBroker) {
  const suffix = randomUUID().slice(0, 8);
  const profile = await broker.hub.profiles.create({
    name: `provisioning-${suffix}`,
    provisionType: 'ALLOW_CREATE_NEW_DEVICES',
    provisionKey: `key-${suffix}`,
    provisionSecret: `secret-${suffix}`,
  });
  return { name: profile.name, key: `key-${suffix}`, secret: `secret-${suffix}` };
}

test.describe('Provision panel', () => {
  test('provisions a device with a generated token and connects as it in one click', async ({
    appPage,
    broker,
    page,
  }) => {
    const profile = await provisioningProfile(broker);
    const deviceName = `prov-${randomUUID().slice(0, 8)}`;
    const provision = new ProvisionPanel(page);
    await provision.open();
    await provision.connectForProvisioning();
    await expect(provision.provisionSessionNote()).toBeVisible();

    await provision.provision({ deviceName, key: profile.key, secret: profile.secret });

    await expect(provision.result()).toContainText('SUCCESS');
    await expect(provision.result()).toContainText('Provisioned: the platform created the device');
    const device = broker.hub.devices.find(deviceName);
    expect(device).toBeDefined();
    const credentials = broker.hub.devices.getCredentials(deviceName) as {
      type: string;
      token: string;
    };
    expect(credentials.type).toBe('ACCESS_TOKEN');
    await expect(provision.result()).toContainText(credentials.token);

    await provision.connectAsDeviceButton().click();
    await expect(appPage.status()).toContainText('Connected');
    await expect
      .poll(() => broker.hub.devices.view(broker.hub.devices.get(deviceName)).online)
      .toBe(true);
    // The form shows the credentials in use, and the status says which device this is.
    await expect(appPage.accessToken()).toHaveValue(credentials.token);
    await expect(appPage.status()).toContainText(`as device ${deviceName}`);
  });

  test('provisions MQTT basic credentials and connects with them', async ({
    appPage,
    broker,
    page,
  }) => {
    const profile = await provisioningProfile(broker);
    const deviceName = `basic-${randomUUID().slice(0, 8)}`;
    const provision = new ProvisionPanel(page);
    await provision.open();
    await provision.connectForProvisioning();
    await expect(provision.provisionSessionNote()).toBeVisible();

    await provision.provision({
      deviceName,
      key: profile.key,
      secret: profile.secret,
      type: 'MQTT basic',
      fields: {
        'Client id': `cid-${deviceName}`,
        Username: `user-${deviceName}`,
        Password: 'pw-1',
      },
    });

    await expect(provision.result()).toContainText('SUCCESS');
    await expect(provision.result()).toContainText(`user-${deviceName}`);
    expect(broker.hub.devices.getCredentials(deviceName)).toMatchObject({
      type: 'MQTT_BASIC',
      clientId: `cid-${deviceName}`,
      userName: `user-${deviceName}`,
    });
    await provision.connectAsDeviceButton().click();
    await expect(appPage.status()).toContainText(
      `as device ${deviceName} (client id cid-${deviceName})`,
    );
    await expect
      .poll(() => broker.hub.devices.view(broker.hub.devices.get(deviceName)).online)
      .toBe(true);
  });

  test('explains NOT_FOUND and FAILURE in plain words', async ({ appPage, broker, page }) => {
    const profile = await provisioningProfile(broker);
    const existing = await broker.hub.devices.create({ name: `taken-${randomUUID().slice(0, 8)}` });
    const provision = new ProvisionPanel(page);
    await expect(appPage.status()).toHaveText('Disconnected');
    await provision.open();
    await provision.connectForProvisioning();
    await expect(provision.provisionSessionNote()).toBeVisible();

    await provision.provision({ deviceName: 'nobody', key: profile.key, secret: 'wrong-secret' });
    await expect(provision.result()).toContainText('NOT_FOUND');
    await expect(provision.result()).toContainText(
      'no device profile has this provision key and secret',
    );
    expect(broker.hub.devices.find('nobody')).toBeUndefined();

    await provision.provision({
      deviceName: existing.device.name,
      key: profile.key,
      secret: profile.secret,
    });
    await expect(provision.result()).toContainText('FAILURE');
    await expect(provision.result()).toContainText('a device with this name may already exist');
  });
});
