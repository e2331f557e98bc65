import { expect, test } from '../fixtures/operator-test.ts';
import { FaultsPanel } from '../pages/faults-panel.ts';
import { LogPanel } from '../pages/log-panel.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

test.describe('Fault injection: the Faults tab and the device panels', () => {
  test.beforeEach(({ broker }) => {
    broker.faults.clear();
  });

  test('adds a PUBACK drop for one device; it fires once, says so, and is gone', async ({
    operatorPage,
    broker,
    device,
    simDevice,
  }) => {
    const faults = new FaultsPanel(operatorPage);
    await faults.open();
    await expect(faults.status()).toHaveText('No fault is active: the broker behaves.');
    await faults.add({ kind: 'puback.drop', device: device.name, times: '1' });
    await expect.poll(() => broker.faults.list().length).toBe(1);
    const [rule] = broker.faults.list();
    expect(rule).toMatchObject({ kind: 'puback.drop', device: device.name, remaining: 1 });
    const id = rule?.id ?? 'none';
    await expect(faults.result()).toHaveText(
      `Added ${id}: drop the PUBACK of publishes (the data is still stored) — ${device.name}, 1 more time.`,
    );
    await expect(faults.rule(id)).toContainText('drop the PUBACK of publishes');

    const client = await simDevice(device.token);
    void client.sendTelemetry({ lost: 1 }).catch(() => undefined); // its PUBACK never comes
    // the rule fired: the push bridge refreshes the list, which is empty now
    await expect(faults.status()).toHaveText('No fault is active: the broker behaves.');
    const [event] = broker.hub.events.list({ kinds: ['fault_injected'], deviceId: device.id });
    expect(event?.message).toBe(`injected: PUBACK dropped for ${device.name} (rule ${id}, 0 left)`);
  });

  test('adds a rule for every device with parameters, refuses a bad one, removes it', async ({
    operatorPage,
    broker,
  }) => {
    const faults = new FaultsPanel(operatorPage);
    await faults.open();
    await faults.add({ kind: 'connect.refuse', params: { 'CONNACK code': '0x8B' } });
    await expect(faults.result()).toContainText('code must be an MQTT 3.1.1 return code 1–5');
    expect(broker.faults.list()).toEqual([]);

    await faults.add({
      kind: 'downlink.delay',
      params: { Messages: 'rpc', 'Delay (ms)': '1500' },
    });
    await expect.poll(() => broker.faults.list().length).toBe(1);
    const id = broker.faults.list()[0]?.id ?? 'none';
    await expect(faults.rule(id)).toContainText('delay RPC requests by 1500 ms');
    await expect(faults.rule(id)).toContainText('every device');
    await expect(faults.rule(id)).toContainText('until removed');
    await faults.remove(id);
    await expect(faults.status()).toHaveText('No fault is active: the broker behaves.');
    expect(broker.faults.list()).toEqual([]);
  });

  test("the device's Telemetry panel says when a PUBACK does not come, and lets it send again", async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();
    broker.faults.add({ kind: 'puback.drop', device: device.name, count: 1 });
    await telemetry.send('{"lost":1}');
    await expect(telemetry.result()).toHaveText('Sending…');
    await expect(telemetry.result()).toContainText(
      'No PUBACK after 5 s: the broker has not acknowledged this publish.',
    );
    // stored all the same (only the PUBACK was dropped)
    expect(broker.hub.telemetry.latest(device.id).find((p) => p.key === 'lost')).toBeDefined();
    await telemetry.send('{"kept":2}');
    await expect(telemetry.result()).toHaveText(/^PUBACK after [\d.]+ ms\.$/);
  });

  test('an injected session close is named in the device log (MQTT 5 DISCONNECT 0x98); the console reconnects', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const log = new LogPanel(page);
    await appPage.connectAndWait(device.token, '5');
    await log.open();
    broker.faults.add({ kind: 'session.close', device: device.name, count: 1 });
    await log.textFilter().fill('DISCONNECT 0x98');
    await log.packet(/close/).first().click();
    await expect(log.detail()).toContainText(
      'closed the connection (DISCONNECT 0x98): an administrative action: the operator closed the session',
    );
    await appPage.status().getByText('Connected', { exact: true }).waitFor();
  });
});
