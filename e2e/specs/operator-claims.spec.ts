import type { MqttClient } from 'mqtt';

import type { E2eBroker } from '../fixtures/broker.ts';
import { expect, test } from '../fixtures/operator-test.ts';
import { ClaimsPanel } from '../pages/claims-panel.ts';
import { OperatorPage } from '../pages/operator-page.ts';

/**
 * The device registers a claim secret itself (spec §9, `v1/devices/me/claim`) over real MQTT; resolves
 * once the broker has stored it.
 */
async function register(
  broker: E2eBroker,
  client: MqttClient,
  deviceName: string,
  secretKey: string,
): Promise<void> {
  await client.publishAsync(
    'v1/devices/me/claim',
    JSON.stringify({ secretKey, durationMs: 60_000 }),
    { qos: 1 },
  );
  await expect.poll(() => broker.hub.claims.registration(deviceName)?.secretKey).toBe(secretKey);
}

test.describe('Operator: claiming', () => {
  test('lists a device that registered before the operator logged in', async ({
    page,
    broker,
    device,
    simDevice,
  }) => {
    await register(broker, await simDevice(device.token), device.name, 'early');
    const operator = new OperatorPage(page);
    await operator.openOneClick(broker.httpUrl, broker.admin.password);
    const claims = new ClaimsPanel(operator);
    await claims.open();
    await expect(claims.waiting()).toContainText(device.name);
    await claims.useWaiting(device.name);
    await expect(claims.deviceName()).toHaveValue(device.name);
  });

  test('claims a registered device for Acme, refuses a second claim, reclaims it', async ({
    operatorPage,
    broker,
    device,
    simDevice,
  }) => {
    const claims = new ClaimsPanel(operatorPage);
    await claims.open();
    await register(broker, await simDevice(device.token), device.name, 's3cr3t');
    await claims.useWaiting(device.name);
    await expect(claims.deviceName()).toHaveValue(device.name);
    await claims.claim({ secretKey: 's3cr3t', customer: 'Acme' });

    await expect(claims.result()).toContainText(
      `SUCCESS: device ${device.name} now belongs to customer Acme.`,
    );
    await expect(claims.waiting()).not.toContainText(device.name);
    const acme = broker.hub.claims.findCustomer('Acme');
    expect(acme).toBeDefined();
    expect(broker.hub.devices.get(device.id).customerId).toBe(acme?.id);
    await expect(claims.devicesOf('Acme')).toContainText(device.name);

    await claims.claim({ deviceName: device.name, secretKey: 's3cr3t', customer: 'Acme' });
    await expect(claims.result()).toContainText(
      `CLAIMED: device ${device.name} already belongs to customer Acme. Reclaim it first`,
    );

    await claims.reclaim(device.name);
    await expect(claims.reclaimResult()).toContainText(
      `Device ${device.name} released from customer Acme`,
    );
    expect(broker.hub.devices.get(device.id).customerId).toBeNull();
    await expect(claims.devicesOf('Acme')).not.toContainText(device.name);
  });

  test('a wrong secret is a FAILURE in plain words and uses up the registration', async ({
    operatorPage,
    broker,
    device,
    simDevice,
  }) => {
    await register(broker, await simDevice(device.token), device.name, 'right-secret');

    const claims = new ClaimsPanel(operatorPage);
    await claims.open();
    await claims.claim({ deviceName: device.name, secretKey: 'wrong-secret', customer: 'Acme' });

    await expect(claims.result()).toContainText(
      `FAILURE: the secret key does not match the one device ${device.name} registered`,
    );
    await expect(claims.result()).toContainText('the device must register again');
    expect(broker.hub.devices.get(device.id).customerId).toBeNull();
    expect(broker.hub.claims.registration(device.name)).toBeUndefined();

    // Nothing registered any more: the same claim now fails for that reason.
    await claims.claim({ deviceName: device.name, secretKey: 'right-secret', customer: 'Acme' });
    await expect(claims.result()).toContainText(`device ${device.name} has not registered`);
  });

  test('checks the form, and a claim made elsewhere (another operator, the CLI) shows up live', async ({
    operatorPage,
    broker,
    device,
    simDevice,
  }) => {
    const claims = new ClaimsPanel(operatorPage);
    await claims.open();
    await claims.claim({ deviceName: '', customer: '' });
    await expect(claims.form()).toContainText('Give the name of the device to claim.');
    await expect(claims.form()).toContainText('Give the customer who will own the device');

    await register(broker, await simDevice(device.token), device.name, '');
    const customer = `Globex-${device.name}`;
    expect(await broker.hub.claims.claim(device.name, '', customer)).toBe('SUCCESS');
    await expect(claims.devicesOf(customer)).toContainText(device.name);
  });
});
