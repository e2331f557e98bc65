import { expect, test } from '../fixtures/operator-test.ts';

test.describe('Operator: RPC', () => {
  test('sends a two-way RPC and shows the device reply', async ({
    operatorPage,
    device,
    simDevice,
  }) => {
    const sim = await simDevice(device.token);
    await sim.subscribeAsync('v1/devices/me/rpc/request/+', { qos: 1 });
    sim.on('message', (topic, payload) => {
      const id = topic.split('/').pop() ?? '';
      const request = JSON.parse(payload.toString()) as { params: unknown };
      void sim.publishAsync(
        `v1/devices/me/rpc/response/${id}`,
        JSON.stringify({ echoed: request.params }),
      );
    });
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device RPC');
    const form = panel.getByRole('form', { name: 'Send an RPC' });
    await form.getByLabel('RPC method').fill('setMode');
    await form.getByLabel('RPC params (JSON)').fill('{"mode":"eco"}');
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText(
      'Reply: {"echoed":{"mode":"eco"}}',
    );

    await form.getByRole('radio', { name: 'One-way' }).check();
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText('Delivered');
  });

  test('lists a persistent RPC with its state timeline', async ({
    operatorPage,
    device,
    simDevice,
    broker,
  }) => {
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device RPC');
    const form = panel.getByRole('form', { name: 'Send an RPC' });
    await form.getByRole('radio', { name: 'Persistent' }).check();
    // Its own expiry, one day by default and explained; not the two-way reply timeout.
    await expect(form.getByLabel('Timeout (ms)')).toHaveCount(0);
    await expect(form.getByLabel('Expires after (hours)')).toHaveValue('24');
    await expect(form.getByText(/waits for the device/)).toBeVisible();
    await form.getByLabel('RPC method').fill('reboot');
    const sentAt = Date.now();
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText('QUEUED');
    const rpc = panel.getByRole('listitem', { name: 'Persistent RPC reboot' });
    await expect(rpc).toContainText('QUEUED');
    const expiresIn = (broker.hub.rpc.list(device.id)[0]?.expirationTime ?? 0) - sentAt;
    expect(expiresIn).toBeGreaterThan(23 * 3_600_000);
    expect(expiresIn).toBeLessThan(25 * 3_600_000);

    const sim = await simDevice(device.token);
    sim.on('message', (topic) => {
      const id = topic.split('/').pop() ?? '';
      void sim.publishAsync(`v1/devices/me/rpc/response/${id}`, '{"ok":true}');
    });
    await sim.subscribeAsync('v1/devices/me/rpc/request/+', { qos: 1 });
    const timeline = rpc.getByRole('list', { name: 'State timeline' });
    await expect(timeline).toContainText('SENT');
    await expect(timeline).toContainText('SUCCESSFUL');
    await expect(rpc).toContainText('{"ok":true}');
    const stored = broker.hub.rpc.list(device.id);
    expect(stored[0]?.status).toBe('SUCCESSFUL');
  });

  test('answers a device → server request live and edits the reply rules', async ({
    operatorPage,
    device,
    simDevice,
    broker,
  }) => {
    await operatorPage.refresh();
    await operatorPage.selectDevice(device.name);
    const panel = await operatorPage.openDetailTab('Device RPC');
    const sim = await simDevice(device.token);
    await sim.subscribeAsync('v1/devices/me/rpc/response/+', { qos: 1 });
    const answered = new Promise<string>((resolve) => {
      sim.on('message', (_topic, payload) => {
        resolve(payload.toString());
      });
    });
    await sim.publishAsync('v1/devices/me/rpc/request/7', '{"method":"askOperator","params":{}}');
    const request = panel.getByRole('listitem', {
      name: `Request askOperator from ${device.name}`,
    });
    await request.getByLabel('Reply to askOperator').fill('{"answer":"yes"}');
    await request.getByRole('button', { name: 'Reply' }).click();
    expect(JSON.parse(await answered)).toEqual({ answer: 'yes' });
    await expect(request).toHaveCount(0);

    const rules = panel.getByRole('form', { name: 'Add a reply rule' });
    await rules.getByLabel('Rule method').fill('getConfig');
    await rules.getByLabel('Reply value (JSON)').fill('{"interval":5}');
    await rules.getByLabel('Only this device').check();
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await expect(panel.getByRole('list', { name: 'Reply rules' })).toContainText('getConfig');
    expect(broker.hub.clientRpc.listRules()).toContainEqual(
      expect.objectContaining({ method: 'getConfig', deviceId: device.id }),
    );
    await panel.getByRole('button', { name: 'Remove rule getConfig' }).click();
    await expect(panel.getByRole('list', { name: 'Reply rules' })).not.toContainText('getConfig');
    expect(broker.hub.clientRpc.listRules()).toHaveLength(0);
  });
});
