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
});
