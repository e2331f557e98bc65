import { expect, test } from '../fixtures/operator-test.ts';
import { OperatorPage } from '../pages/operator-page.ts';

test.describe('Operator: devices', () => {
  test('the one-click link logs in and leaves no password in the address bar', async ({
    operatorPage,
    page,
  }) => {
    await expect(operatorPage.loggedIn()).toContainText('operator:admin');
    expect(page.url()).not.toContain('password');
    await expect(page.getByRole('radio', { name: 'Operator' })).toBeChecked();
    await expect(page.getByRole('status', { name: 'Operator connection' })).toContainText('Online');
    await expect(page.getByRole('status', { name: 'Device connection' })).toHaveCount(0);
  });

  test('a wrong password is refused in plain words, the right one logs in', async ({
    page,
    broker,
  }) => {
    const operator = new OperatorPage(page);
    await page.goto(`${broker.httpUrl}/?role=operator`);
    await operator.login('not-the-password');
    await expect(operator.loginForm().getByRole('alert')).toBeVisible();
    await operator.login(broker.admin.password);
    await expect(operator.loggedIn()).toBeVisible();
  });

  test('shows live online state and last activity, and searches by name', async ({
    operatorPage,
    device,
    simDevice,
  }) => {
    const row = operatorPage.deviceRow(device.name);
    await operatorPage.refresh();
    await expect(row).toContainText('Offline');
    await expect(row).toContainText('never');
    const sim = await simDevice(device.token);
    await expect(row).toContainText('Online');
    await expect(row).not.toContainText('never');
    await sim.close();
    await expect(row).toContainText('Offline');

    await operatorPage.search().fill(device.name.slice(-6));
    await expect(operatorPage.devices().getByRole('row')).toHaveCount(2);
    await operatorPage.search().fill('no-such-device');
    await expect(operatorPage.devices().getByRole('row')).toHaveCount(1);
  });

  test('creates a device with a given token, copies its credentials and deletes it', async ({
    operatorPage,
    broker,
  }) => {
    const form = await operatorPage.openCreateForm();
    await form.getByLabel('Device name').fill('op-created');
    await form.getByLabel('Credentials').selectOption({ label: 'Given access token' });
    await form.getByLabel('Access token to give').fill('OPCREATED1');
    await form.getByLabel('Gateway').check();
    await form.getByRole('button', { name: 'Create device' }).click();
    await expect(form.getByRole('status', { name: 'Created device' })).toContainText('OPCREATED1');
    const stored = broker.hub.devices.get('op-created');
    expect(stored.gateway).toBe(true);
    expect(broker.hub.devices.getCredentials('op-created')).toMatchObject({ token: 'OPCREATED1' });

    const row = operatorPage.deviceRow('op-created');
    await row.getByRole('button', { name: 'Copy credentials of op-created' }).click();
    await expect(row.getByRole('status', { name: 'Credentials of op-created' })).toContainText(
      'OPCREATED1',
    );
    await row.getByRole('button', { name: 'Delete op-created' }).click();
    await row.getByRole('button', { name: 'Confirm deleting op-created' }).click();
    await expect(row).toHaveCount(0);
    expect(broker.hub.devices.find('op-created')).toBeUndefined();
  });

  test('creates a device with basic credentials', async ({ operatorPage, broker }) => {
    const form = await operatorPage.openCreateForm();
    await form.getByLabel('Device name').fill('op-basic');
    await form.getByLabel('Credentials').selectOption({ label: 'MQTT basic' });
    await form.getByLabel('Client id').fill('op-basic-client');
    await form.getByLabel('User name').fill('op-basic-user');
    await form.getByLabel('Password').fill('op-basic-pass');
    await form.getByRole('button', { name: 'Create device' }).click();
    await expect(form.getByRole('status', { name: 'Created device' })).toContainText(
      'op-basic-user',
    );
    expect(broker.hub.devices.getCredentials('op-basic')).toMatchObject({
      type: 'MQTT_BASIC',
      userName: 'op-basic-user',
    });
    await broker.hub.devices.delete(broker.hub.devices.get('op-basic').id);
  });

  test('shows a sub-device under the gateway that created it', async ({
    operatorPage,
    broker,
    simDevice,
  }) => {
    await broker.hub.devices.create({
      name: 'op-gateway',
      gateway: true,
      credentials: { type: 'ACCESS_TOKEN', token: 'OPGATEWAY1' },
    });
    const gateway = await simDevice('OPGATEWAY1');
    // The gateway API is not the device client's: the spec publishes it on the port itself.
    await gateway.port.publish('v1/gateway/connect', JSON.stringify({ device: 'op-child' }), {
      qos: 1,
    });
    await expect.poll(() => broker.hub.devices.find('op-child')).toBeDefined();
    await expect(operatorPage.deviceRow('op-child')).toContainText('↳');
    const rows = await operatorPage.devices().getByRole('row').allInnerTexts();
    expect(rows.findIndex((n) => n.includes('op-child'))).toBe(
      rows.findIndex((n) => n.includes('op-gateway')) + 1,
    );
    await broker.hub.devices.delete(broker.hub.devices.get('op-child').id);
    await broker.hub.devices.delete(broker.hub.devices.get('op-gateway').id);
  });
});
