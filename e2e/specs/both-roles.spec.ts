import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';
import { AttributesPanel } from '../pages/attributes-panel.ts';
import { FirmwarePanel } from '../pages/firmware-panel.ts';
import { OperatorPage } from '../pages/operator-page.ts';
import { OtaPackagesPanel } from '../pages/ota-packages-panel.ts';
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
    sim.onRpc('*', () => ({ from: 'other' }));
    await sim.subscribeRpc();
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

  test('operator uploads and assigns firmware → the device side downloads and verifies → the operator sees UPDATED', async ({
    page,
    device,
    broker,
  }) => {
    test.slow();
    const ota = new OtaPackagesPanel(page, page.getByRole('region', { name: 'Operator side' }));
    const firmware = new FirmwarePanel(page, page.getByRole('region', { name: 'Device side' }));
    const version = `2.${String(randomInt(1000))}.${String(randomInt(1_000_000))}`;
    const buffer = randomBytes(200_000);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    await firmware.open();
    await ota.open();

    await ota.upload({ name: `split-fw-${version}.bin`, buffer });
    await expect(ota.uploadResult()).toContainText(`SHA256 ${sha256.slice(0, 12)}`);
    await ota.assign('device', device.name, `split-fw ${version} (firmware)`);
    await expect(firmware.packageDetails('Firmware')).toContainText(version);

    await firmware.download('Firmware', 16_384);
    await expect(firmware.progress('Firmware')).toHaveAttribute('aria-valuenow', '100');
    await expect(firmware.section('Firmware')).toContainText(
      `Checksum verified (SHA256): ${sha256}`,
    );
    await expect(firmware.states('Firmware')).toHaveText(
      /DOWNLOADING\s*DOWNLOADED\s*VERIFIED\s*UPDATING\s*UPDATED/,
    );
    await expect(ota.states(device.name, 'Firmware').locator('[aria-current="step"]')).toHaveText(
      'UPDATED',
    );
    await expect(ota.progressRow(device.name, 'Firmware')).toContainText('13 chunks served');
    expect(broker.hub.ota.status(device.id)[0]?.firmware).toMatchObject({
      state: 'UPDATED',
      currentVersion: version,
    });

    const v = version.replaceAll('.', '\\.');
    await expect(page.getByRole('list', { name: 'Timeline entries' })).toContainText(
      new RegExp(
        `firmware split-fw ${v} assigned to ${device.name} → .*device received split-fw ${v} \\d+ ms.*` +
          ' → chunks 0\\.\\.12 \\d+ ms → VERIFIED \\d+ ms → UPDATED \\d+ ms',
      ),
    );
  });
});
