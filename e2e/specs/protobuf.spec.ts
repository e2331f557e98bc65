import { randomUUID } from 'node:crypto';

import { expect, test } from '../fixtures/operator-test.ts';
import { AppPage } from '../pages/app-page.ts';
import { OperatorPage } from '../pages/operator-page.ts';
import { ProtobufPanel } from '../pages/protobuf-panel.ts';
import { RpcPanel } from '../pages/rpc-panel.ts';

test.describe('A Protobuf device (device-api.md §2.3)', () => {
  test('publishes the default SensorDataReading and answers an RPC; the operator sees the stored values', async ({
    page,
    broker,
  }) => {
    test.setTimeout(90_000); // both roles, two sessions, five steps
    const suffix = randomUUID().slice(0, 8);
    await broker.hub.profiles.create({ name: `pb-${suffix}`, payloadType: 'PROTOBUF' });
    const { device, credentials } = await broker.hub.devices.create({
      name: `pb-device-${suffix}`,
      profile: `pb-${suffix}`,
    });
    const { token } = credentials as { token: string }; // a generated access token

    const operator = new OperatorPage(page, page.getByRole('region', { name: 'Operator side' }));
    await operator.openOneClick(broker.httpUrl, broker.admin.password, 'both');
    await new AppPage(page).connectAndWait(token);
    const side = page.getByRole('region', { name: 'Device side' });

    // The device side takes the schemas from the device's PROTOBUF profile (the reference's defaults).
    const protobuf = new ProtobufPanel(page, side);
    await protobuf.open();
    await protobuf.takeSchemasFromProfile();
    await expect(protobuf.root().getByText(`from profile pb-${suffix}`)).toBeVisible();
    await expect(protobuf.speakProtobuf()).toBeChecked();

    // JSON in, the encoding and what the platform will store out, then the bytes on the wire.
    await expect(protobuf.sendForm()).toContainText(/telemetry\.SensorDataReading, \d+ bytes/);
    await expect(protobuf.stored().getByRole('row', { name: /temperature/ })).toContainText(
      'DOUBLE',
    );
    await expect(protobuf.stored().getByRole('row', { name: /temperature/ })).toContainText('42.0');
    await protobuf.send();
    await expect(protobuf.sendForm().getByText(/Stored: PUBACK after/)).toBeVisible();
    expect(broker.hub.telemetry.latest(device.id, ['temperature'])[0]?.value).toEqual({
      type: 'DOUBLE',
      value: 42,
    });

    // The operator sees the stored values.
    await operator.refresh();
    await operator.selectDevice(device.name);
    const telemetry = await operator.openDetailTab('Device telemetry');
    const latest = telemetry.getByRole('region', { name: 'Latest telemetry' });
    await expect(latest.getByRole('row', { name: /temperature/ })).toContainText('42');
    await expect(latest.getByRole('row', { name: /humidity/ })).toContainText('58.5');
    await expect(latest.getByRole('row', { name: /innerObject/ })).toContainText('key1');

    // A server-side RPC arrives as RpcRequestMsg, decoded; the reply is encoded as RpcResponseMsg.
    const rpc = new RpcPanel(page);
    await rpc.open();
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();
    const panel = await operator.openDetailTab('Device RPC');
    const form = panel.getByRole('form', { name: 'Send an RPC' });
    await form.getByLabel('RPC method').fill('setMode');
    await form.getByLabel('RPC params (JSON)').fill('{"mode":"eco"}');
    await form.getByRole('button', { name: 'Send RPC' }).click();
    await expect(rpc.request('setMode')).toContainText('{"mode":"eco"}');
    await rpc.openRequest(0, 'setMode');
    await rpc.reply('{"payload": "eco set"}');
    await expect(form.getByRole('status', { name: 'RPC result' })).toContainText(
      '"payload":"eco set"',
    );
  });
});
