// The `consolePage` fixture: the console the package serves, opened in `page` at the broker's URL,
// driven through its device and operator page objects.
import { expect, test } from 'iothub-device-console/playwright';

test('device role: connect with a token, send telemetry, read the PUBACK; waitFor sees it', async ({
  broker,
  consolePage,
}) => {
  await consolePage.device.connectAndWait('SENSOR1');
  await broker.waitFor.sessions({ device: 'sensor-1' });
  await consolePage.device.sendTelemetry({ temperature: 21.5 });
  const [point] = await broker.waitFor.telemetry({ device: 'sensor-1', key: 'temperature' });
  expect(point).toMatchObject({ type: 'DOUBLE', value: 21.5 });
  await expect(consolePage.device.telemetryResult()).toContainText('PUBACK');
});

test('device role: a refused connection (connect.refuse) is said in plain words', async ({
  broker,
  consolePage,
}) => {
  broker.faults.add({ kind: 'connect.refuse', device: 'sensor-1', code: 5, count: 1 });
  await consolePage.device.connect('SENSOR1');
  await expect(consolePage.device.status()).toContainText('The broker refused the connection');
});

test('operator role: log in, open a device, see the telemetry a simulated device sent', async ({
  consolePage,
  device,
}) => {
  const pump = await device('pump-1');
  await pump.sendTelemetry({ flow: 4.2 });
  await consolePage.operator.login();
  await consolePage.operator.openDevice('pump-1');
  const latest = await consolePage.operator.latestTelemetry();
  await expect(latest.getByRole('row', { name: /flow/ })).toContainText('4.2');
});
