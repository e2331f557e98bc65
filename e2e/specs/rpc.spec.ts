import { expect, test } from '../fixtures/test.ts';
import { RpcPanel } from '../pages/rpc-panel.ts';

test.describe('RPC panel', () => {
  test('shows a server-side request in the inbox and sends the reply the user writes', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const rpc = new RpcPanel(page);
    await appPage.connect(device.token);
    await rpc.open();
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();

    const sent = broker.hub.rpc.send({
      deviceId: device.id,
      method: 'setGpio',
      params: { pin: 4, value: 1 },
      timeout: 20_000,
    });

    const row = rpc.request('setGpio');
    await expect(row).toContainText('{"pin":4,"value":1}');
    await expect(row).toContainText('Waiting for reply');
    await rpc.openRequest(0, 'setGpio');
    await rpc.reply('{"pin": 4, "value": 1, "applied": true}');

    await expect(sent).resolves.toEqual({
      kind: 'reply',
      reply: { json: true, value: { pin: 4, value: 1, applied: true } },
    });
    await expect(row).toContainText('Replied');
    await expect(rpc.root().getByText(/PUBACK in [\d.]+ ms/)).toBeVisible();
  });

  test('an echo rule answers without a click and is kept after a reload', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const rpc = new RpcPanel(page);
    await appPage.connect(device.token);
    await rpc.open();
    await rpc.addRule(1, { method: 'echo*', action: 'Echo the params' });
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();

    const reply = await broker.hub.rpc.send({
      deviceId: device.id,
      method: 'echoConfig',
      params: { mode: 'eco', level: 3 },
    });

    expect(reply).toEqual({
      kind: 'reply',
      reply: { json: true, value: { mode: 'eco', level: 3 } },
    });
    await expect(rpc.request('echoConfig')).toContainText('Auto-replied');

    await page.reload();
    await rpc.open();
    await expect(rpc.rule(1).getByLabel('Method')).toHaveValue('echo*');
    await expect(rpc.rule(1).getByLabel('Action')).toHaveValue('echo');
  });

  test('a never-answer rule lets the platform time out', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const rpc = new RpcPanel(page);
    await appPage.connect(device.token);
    await rpc.open();
    await rpc.addRule(1, { method: 'reboot', action: 'Never answer' });
    await expect(rpc.root().getByText('Listening (QoS 1).')).toBeVisible();

    const sent = broker.hub.rpc.send({
      deviceId: device.id,
      method: 'reboot',
      params: {},
      timeout: 5_000,
    });

    await expect(rpc.request('reboot')).toContainText('Not answered');
    await expect(sent).rejects.toThrow(/timeout|timed out|expired/i);
  });

  test('client-side RPC: the getTime preset, an operator rule and a timeout', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    broker.hub.clientRpc.setRules([
      {
        method: 'getConfig',
        deviceId: device.id,
        action: { type: 'static', value: { interval: 30 } },
      },
    ]);
    const rpc = new RpcPanel(page);
    await appPage.connect(device.token);
    await rpc.open();

    await rpc.usePreset('getTime');
    await expect(rpc.clientMethod()).toHaveValue('getTime');
    const before = Date.now();
    await rpc.sendClientRpc();
    await expect(rpc.clientResult()).toContainText('Reply to request');
    const time = JSON.parse(await rpc.clientReply().innerText()) as { time: string; ts: number };
    expect(time.ts).toBeGreaterThanOrEqual(before - 1_000);
    expect(new Date(time.time).getTime()).toBe(time.ts);

    await rpc.usePreset('getSessionLimits');
    await rpc.sendClientRpc();
    await expect(rpc.clientReply()).toContainText('"maxPayloadSize"');

    await rpc.clientMethod().fill('getConfig');
    await rpc.sendClientRpc();
    await expect(rpc.clientReply()).toHaveText(/"interval": 30/);

    await rpc.clientMethod().fill('askTheOperator');
    await rpc.clientTimeout().fill('1000');
    await rpc.sendClientRpc();
    await expect(rpc.clientReply()).toHaveText('{\n  "error": "timeout"\n}');
    await expect(rpc.clientResult()).toContainText('No reply to request');
    // The broker still holds the request for a live answer (spec §8 step 4).
    expect(
      broker.hub.clientRpc
        .pending()
        .some((p) => p.deviceId === device.id && p.method === 'askTheOperator'),
    ).toBe(true);
    broker.hub.clientRpc.setRules([]);
  });
});
