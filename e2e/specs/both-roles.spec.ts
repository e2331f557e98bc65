import { randomUUID } from 'node:crypto';

import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';
import { AttributesPanel } from '../pages/attributes-panel.ts';
import { OperatorPage } from '../pages/operator-page.ts';
import { RpcPanel } from '../pages/rpc-panel.ts';

test.describe('Both roles in one tab', () => {
  test.beforeEach(async ({ page, broker, device }) => {
    const operator = new OperatorPage(page, page.getByRole('region', { name: 'Operator side' }));
    await operator.openOneClick(broker.httpUrl, broker.admin.password, 'both');
    await new AppPage(page).connectAndWait(device.token);
    await operator.refresh();
    await operator.selectDevice(device.name);
  });

  test('operator sets a shared attribute and the device side shows it, with the latency', async ({
    page,
    device,
    broker,
  }) => {
    const operator = new OperatorPage(page, page.getByRole('region', { name: 'Operator side' }));
    const attributes = new AttributesPanel(page);
    await attributes.open();

    const panel = await operator.openDetailTab('Device attributes');
    const form = panel.getByRole('form', { name: 'Set a shared attribute' });
    await form.getByLabel('Attribute key').fill('target');
    await form.getByLabel('Attribute value').fill('21');
    await form.getByRole('button', { name: 'Save shared attribute' }).click();

    await expect(attributes.sharedRow('target')).toContainText('21');
    expect(broker.hub.attributes.get(device.id, 'SHARED').map((a) => a.key)).toContain('target');
    await expect(page.getByRole('list', { name: 'Timeline entries' })).toContainText(
      /shared attribute target=21 → .*device received \d+ ms/,
    );
  });

  test('operator RPC → device auto-responder → operator result, all three steps timed', async ({
    page,
  }) => {
    const operator = new OperatorPage(page, page.getByRole('region', { name: 'Operator side' }));
    const rpc = new RpcPanel(page);
    await rpc.open();
    await rpc.addRule(1, { method: 'setMode', action: 'Echo the params' });
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();

    const panel = await operator.openDetailTab('Device RPC');
    const form = panel.getByRole('form', { name: 'Send an RPC' });
    await form.getByLabel('RPC method').fill('setMode');
    await form.getByLabel('RPC params (JSON)').fill('{"mode":"eco"}');
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText('"mode":"eco"');

    await expect(page.getByRole('list', { name: 'Timeline entries' })).toContainText(
      /operator RPC #\d+ setMode → device received \d+ ms → replied \d+ ms → operator got result \d+ ms/,
    );
  });

  test('the header names both sessions; using a saved device profile keeps the split view', async ({
    page,
  }) => {
    await expect(page.getByRole('status', { name: 'Device connection' })).toContainText('Online');
    await expect(page.getByRole('status', { name: 'Operator connection' })).toContainText('Online');

    await page.getByText('Profiles and link').click();
    await page.getByLabel('Profile name').fill('split');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('button', { name: 'Use profile split' }).click();
    await expect(page.getByRole('radio', { name: 'Both' })).toBeChecked();
    expect(new URL(page.url()).searchParams.get('role')).toBe('both');
    await expect(page.getByRole('region', { name: 'Operator side' })).toBeVisible();
  });

  test('an operator RPC to another device is not linked to what this device receives', async ({
    page,
    broker,
    device,
    simDevice,
  }) => {
    const other = await broker.hub.devices.create({
      name: `e2e-other-${randomUUID().slice(0, 8)}`,
    });
    expect(other.credentials.type).toBe('ACCESS_TOKEN');
    const sim = await simDevice((other.credentials as { token: string }).token);
    await sim.subscribeAsync('v1/devices/me/rpc/request/+', { qos: 1 });
    sim.on('message', (topic) => {
      const id = topic.split('/').pop() ?? '';
      void sim.publishAsync(`v1/devices/me/rpc/response/${id}`, '{"from":"other"}');
    });
    const rpc = new RpcPanel(page);
    await rpc.open();
    await rpc.addRule(1, { method: 'setMode', action: 'Echo the params' });
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();

    const operator = new OperatorPage(page, page.getByRole('region', { name: 'Operator side' }));
    await operator.refresh();
    await operator.selectDevice(other.device.name);
    const panel = await operator.openDetailTab('Device RPC');
    const form = panel.getByRole('form', { name: 'Send an RPC' });
    await form.getByLabel('RPC method').fill('setMode');
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText('"from":"other"');

    // The device side gets a setMode that no operator action of this tab sent.
    const reply = await broker.hub.rpc.send({ deviceId: device.id, method: 'setMode', params: {} });
    expect(reply).toMatchObject({ kind: 'reply' });
    await expect(rpc.request('setMode')).toBeVisible();
    const entries = page.getByRole('list', { name: 'Timeline entries' });
    await expect(entries).toContainText(/operator RPC #\d+ setMode → operator got result \d+ ms/);
    await expect(entries).not.toContainText('device received');
    await broker.hub.devices.delete(other.device.id);
  });
});
