import { expect, test } from '../fixtures/test.ts';
import { TelemetryPanel } from '../pages/telemetry-panel.ts';

test.describe('Telemetry panel', () => {
  test('shows the platform typing before sending, and the broker stores what it showed', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.editor().fill('{"temperature":"42","humidity":40.5,"gone":null}');
    await expect(telemetry.typedRow('temperature')).toContainText('LONG');
    await expect(telemetry.typedRow('temperature')).toContainText('numeric string cast');
    await expect(telemetry.typedRow('humidity')).toContainText('DOUBLE');
    await expect(telemetry.check()).toContainText('Skipped (null): gone');
    await telemetry.sendButton().click();

    await expect(telemetry.result()).toHaveText(/^PUBACK after [\d.]+ ms\.$/);
    const stored = broker.hub.telemetry.latest(device.id);
    expect(stored.find((p) => p.key === 'temperature')?.value).toEqual({
      type: 'LONG',
      value: 42n,
    });
    expect(stored.find((p) => p.key === 'humidity')?.value).toEqual({
      type: 'DOUBLE',
      value: 40.5,
    });
    expect(stored.some((p) => p.key === 'gone')).toBe(false);
  });

  test('says when input is only lenient JSON and sends it as strict JSON', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.editor().fill('{temperature: 21.5, mode: eco}');
    await expect(telemetry.check()).toContainText(
      'Lenient JSON: it will be sent as strict JSON {"temperature":21.5,"mode":"eco"}',
    );
    await telemetry.sendButton().click();
    await expect(telemetry.result()).toContainText('PUBACK after');

    const stored = broker.hub.telemetry.latest(device.id);
    expect(stored.find((p) => p.key === 'mode')?.value).toEqual({ type: 'STRING', value: 'eco' });
    expect(stored.find((p) => p.key === 'temperature')?.value).toEqual({
      type: 'DOUBLE',
      value: 21.5,
    });
  });

  test('refuses before sending what the platform would refuse', async ({
    appPage,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.editor().fill('{"ts": 1451649600512, "values": 5}');
    await expect(telemetry.check()).toHaveText('"values" must be an object, got a number');
    await expect(telemetry.sendButton()).toBeDisabled();

    await telemetry.editor().fill('{"ts": 1451649600, "values": {"k": 1}}');
    await expect(telemetry.check()).toContainText('looks like seconds');
    await expect(telemetry.typedRow('k')).toContainText('1970-01-17');
  });

  test('sends {ts, values} on the v2 short topic at QoS 0 with the client timestamp', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.topic().selectOption('v2/t');
    await telemetry.qos().selectOption('0');
    await telemetry.send('{"ts":1451649600512,"values":{"longKey":73}}');
    await expect(telemetry.result()).toHaveText('Sent at QoS 0 (no acknowledgement).');

    await expect
      .poll(() => broker.hub.telemetry.latest(device.id, ['longKey'])[0])
      .toEqual({ key: 'longKey', ts: 1451649600512, value: { type: 'LONG', value: 73n } });
  });

  test('names the publish after which the broker closed the connection', async ({
    appPage,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.sendExactlyAsTyped().check();
    await telemetry.send('{"temperature": }');

    await expect(appPage.status()).toContainText(
      'The broker closed the connection after your publish to v1/devices/me/telemetry.',
    );
    await expect(appPage.status()).toContainText(
      'Fix the payload before you send it again; the console reconnects by itself.',
    );
    // It does reconnect, and the explanation stays until the next Connect or Disconnect.
    await expect(appPage.status().getByText('Connected', { exact: true })).toBeVisible();
    await expect(appPage.status()).toContainText('after your publish to v1/devices/me/telemetry');
  });

  test('a generator at 10 Hz for about a second stores its points', async ({
    appPage,
    broker,
    device,
    page,
  }) => {
    const telemetry = new TelemetryPanel(page);
    await appPage.connectAndWait(device.token);
    await telemetry.open();

    await telemetry.configureGenerator(1, { key: 'gen_counter', rateHz: 10, waveform: 'Counter' });
    await telemetry.startGenerator(1).click();
    await expect(telemetry.generatorCounters(1)).toContainText(/acknowledged (1\d|[2-9]\d)\b/);
    await telemetry.stopGenerator(1).click();
    await expect(telemetry.startGenerator(1)).toBeVisible();
    await expect(
      telemetry.generator(1).getByRole('img', { name: /^gen_counter sent: last value \d+$/ }),
    ).toBeVisible();

    const points = broker.hub.telemetry.history(device.id, {
      keys: ['gen_counter'],
      startTs: 0,
      endTs: Date.now() + 1_000,
      limit: 1_000,
    });
    expect(points.length).toBeGreaterThanOrEqual(5);
    expect(points.every((p) => 'value' in p && typeof p.value === 'object')).toBe(true);
  });
});
