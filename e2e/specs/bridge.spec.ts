import { expect, test } from '../fixtures/bridge.ts';
import { OperatorPage } from '../pages/operator-page.ts';
import { RpcPanel } from '../pages/rpc-panel.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

test.describe('Bridge mode (ADR 0008)', () => {
  test('the console connects as a device to the bridge: its telemetry is stored upstream, and the upstream operator’s RPC is answered in the console', async ({
    bridgeApp,
    bridged,
    hubDevice,
    hubOperator,
    page,
  }) => {
    const upstreamHost = bridged.upstream.mqttUrl.replace('mqtt://', '');
    await bridgeApp.connectAndWait(hubDevice.token); // MQTT 3.1.1: its CONNACK has no properties
    await expect(bridgeApp.status()).toContainText(`Via bridge to ${upstreamHost}`);
    await expect(bridgeApp.status()).toContainText('This device is managed on the upstream hub');

    const telemetry = new TelemetryPanel(page);
    await telemetry.open();
    await telemetry.send('{"temperature": 22.5}');
    await expect(telemetry.result()).toHaveText(/^PUBACK after [\d.]+ ms\.$/);
    expect(bridged.upstream.hub.telemetry.latest(hubDevice.id, ['temperature'])[0]?.value).toEqual({
      type: 'DOUBLE',
      value: 22.5,
    });
    expect(bridged.bridge.hub.devices.list().total).toBe(0);

    const rpc = new RpcPanel(page);
    await rpc.open();
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();
    const sent = hubOperator.call('rpc.send', {
      deviceName: hubDevice.name,
      method: 'setMode',
      params: { mode: 'eco' },
      timeout: 20_000,
    });
    const row = rpc.request('setMode');
    await expect(row).toContainText('{"mode":"eco"}');
    await rpc.openRequest(0, 'setMode');
    await rpc.reply('{"mode": "eco", "applied": true}');
    await expect(sent).resolves.toEqual({
      kind: 'reply',
      json: true,
      response: { mode: 'eco', applied: true },
    });
    await expect(row).toContainText('Replied');
  });

  test('a refusal is the upstream’s (MQTT 5: 0x86), and the console says the bridge relayed it', async ({
    bridgeApp,
  }) => {
    await bridgeApp.connect('not-a-token-upstream', '5');
    await expect(bridgeApp.status()).toContainText('bad user name or password');
    await expect(bridgeApp.status()).toContainText(
      'a refusal of a bridged session is that hub’s answer',
    );
  });

  test('the operator view of the bridge says bridged devices are managed on the upstream hub', async ({
    bridged,
    page,
  }) => {
    const operator = new OperatorPage(page);
    await operator.openOneClick(bridged.bridge.httpUrl, bridged.bridge.admin.password);
    await expect(page.getByRole('note', { name: 'Bridge mode' })).toContainText(
      'Bridged devices are managed on the upstream hub and are not in this list',
    );
  });
});
