import { randomUUID } from 'node:crypto';

import type { ProvisionOutcome } from '../../src/protocol/codecs/provision-response.ts';
import type { E2eBroker } from '../fixtures/broker.ts';
import { expect, test } from '../fixtures/operator-test.ts';
import { SimDevice } from '../fixtures/sim-device.ts';
import { ProfilesPanel } from '../pages/profiles-panel.ts';

/**
 * A device provisioning itself over real MQTT (spec §10): a provision session publishes the request
 * on /provision/request and reads the reply on /provision/response.
 */
async function provisionOverMqtt(
  broker: E2eBroker,
  request: { deviceName: string; provisionDeviceKey: string; provisionDeviceSecret: string },
): Promise<ProvisionOutcome> {
  const provisioner = await SimDevice.connect(broker.mqttUrl, 'provision');
  try {
    return await provisioner.provision(request);
  } finally {
    await provisioner.close();
  }
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

test.describe('Operator: provisioning profiles', () => {
  test('creates a profile with generated key and secret; a device provisions with it until it is disabled', async ({
    operatorPage,
    broker,
    context,
    page,
  }) => {
    const profiles = new ProfilesPanel(operatorPage);
    const name = unique('fleet');
    await profiles.open();

    const form = await profiles.openNewForm();
    await form.getByLabel('Profile name').fill(name);
    await form
      .getByLabel('Provisioning strategy')
      .selectOption({ label: 'Allow creating new devices' });
    await form.getByRole('button', { name: 'Generate provision key' }).click();
    await form.getByRole('button', { name: 'Generate provision secret' }).click();
    // 20 lowercase letters and digits, as the platform generates them
    await expect(form.getByLabel('Provision key', { exact: true })).toHaveValue(/^[a-z0-9]{20}$/);
    await expect(form.getByLabel('Provision secret', { exact: true })).toHaveValue(
      /^[a-z0-9]{20}$/,
    );
    const key = await form.getByLabel('Provision key', { exact: true }).inputValue();
    const secret = await form.getByLabel('Provision secret', { exact: true }).inputValue();
    await expect(form.getByLabel('Provision secret', { exact: true })).not.toHaveValue(key);
    await form.getByRole('button', { name: 'Create profile' }).click();

    await expect(profiles.notice()).toHaveText(`Profile ${name} created.`);
    expect(broker.hub.profiles.findByName(name)).toMatchObject({
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      provisionKey: key,
      provisionSecret: secret,
      payloadType: 'JSON',
    });
    const row = profiles.row(name);
    await expect(row).toContainText('Allow creating new devices');
    await expect(row.getByLabel(`Provision key of ${name}`)).toHaveText(key);
    await expect(row.getByLabel(`Provision secret of ${name}`)).not.toContainText(secret);
    await row.getByRole('button', { name: `Show secret of ${name}` }).click();
    await expect(row.getByLabel(`Provision secret of ${name}`)).toHaveText(secret);

    const body = await profiles.openProvisionRequest(name);
    expect(JSON.parse(await body.innerText())).toMatchObject({
      provisionDeviceKey: key,
      provisionDeviceSecret: secret,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await profiles
      .root()
      .getByRole('button', { name: `Copy the provision request for ${name}` })
      .click();
    await expect
      .poll(() => page.evaluate(() => navigator.clipboard.readText()))
      .toBe(await body.innerText());

    const deviceName = unique('provisioned');
    const reply = await provisionOverMqtt(broker, {
      deviceName,
      provisionDeviceKey: key,
      provisionDeviceSecret: secret,
    });
    expect(reply.status).toBe('SUCCESS');
    expect(broker.hub.devices.get(deviceName).profileId).toBe(
      broker.hub.profiles.findByName(name)?.id,
    );
    await expect(row).toContainText('1 device');

    const edit = await profiles.openEditForm(name);
    await edit.getByLabel('Provisioning strategy').selectOption({ label: 'Disabled' });
    await edit.getByRole('button', { name: 'Save profile' }).click();
    await expect(profiles.notice()).toHaveText(`Profile ${name} saved.`);
    await expect(row).toContainText('DISABLED');
    expect(broker.hub.profiles.findByName(name)?.provisionType).toBe('DISABLED');
    const refused = await provisionOverMqtt(broker, {
      deviceName: unique('refused'),
      provisionDeviceKey: key,
      provisionDeviceSecret: secret,
    });
    expect(refused.status).toBe('NOT_FOUND');

    await profiles.delete(name);
    await expect(profiles.deleteRefusal(name)).toContainText(
      `Profile ${name} is still used by devices, so it cannot be deleted`,
    );
    expect(broker.hub.profiles.findByName(name)).toBeDefined();

    await broker.hub.devices.delete(broker.hub.devices.get(deviceName).id);
    await profiles.delete(name);
    await expect(profiles.notice()).toHaveText(`Profile ${name} deleted.`);
    await expect(row).toHaveCount(0);
    expect(broker.hub.profiles.findByName(name)).toBeUndefined();
  });

  test('deletes an unused profile after confirmation', async ({ operatorPage, broker }) => {
    const name = unique('unused');
    await broker.hub.profiles.create({ name });
    const profiles = new ProfilesPanel(operatorPage);
    await profiles.open();
    await profiles.refresh();
    const row = profiles.row(name);
    await expect(row).toContainText('0 devices');

    await row.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    expect(broker.hub.profiles.findByName(name)).toBeDefined();
    await row.getByRole('button', { name: `Confirm deleting ${name}` }).click();
    await expect(row).toHaveCount(0);
    expect(broker.hub.profiles.findByName(name)).toBeUndefined();
  });

  test('says what to fix before sending, and shows the broker refusing a taken name', async ({
    operatorPage,
    broker,
  }) => {
    const profiles = new ProfilesPanel(operatorPage);
    await profiles.open();
    const before = broker.hub.profiles.list().length;
    const form = await profiles.openNewForm();
    await form
      .getByLabel('Provisioning strategy')
      .selectOption({ label: 'Check pre-provisioned devices' });
    await form.getByRole('button', { name: 'Create profile' }).click();
    await expect(form).toContainText('Give the profile a name.');
    await expect(form).toContainText('A provision key is needed when devices may provision');
    await expect(form.getByLabel('Provision secret', { exact: true })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(broker.hub.profiles.list()).toHaveLength(before);

    // Created behind the console's back: the form's own check cannot know, the broker refuses.
    const name = unique('taken');
    await broker.hub.profiles.create({ name });
    await form.getByLabel('Profile name').fill(name);
    await form.getByLabel('Provisioning strategy').selectOption({ label: 'Disabled' });
    await form.getByRole('button', { name: 'Create profile' }).click();
    await expect(form.getByRole('alert')).toContainText(
      'Another profile already has this name or provision key',
    );
    expect(broker.hub.profiles.list().filter((p) => p.name === name)).toHaveLength(1);
    await broker.hub.profiles.delete(name);
  });
});
