// Fault injection (`broker.faults`) seen from the devices of the `device` fixture: each fault is
// something a consumer's device code must cope with, and each is recorded as an "injected" event.
import { randomBytes } from 'node:crypto';

import {
  DeviceRequestError,
  expect,
  MqttConnectError,
  test,
} from 'iothub-device-console/playwright';

test('puback.drop: the device sees no PUBACK in time, though the broker stored the data', async ({
  broker,
  device,
}) => {
  const sensor = await device('sensor-1');
  broker.faults.add({ kind: 'puback.drop', device: 'sensor-1', count: 1 });
  const error = await sensor
    .sendTelemetry({ temperature: 30 }, { ackTimeoutMs: 500 })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeviceRequestError);
  expect(error).toMatchObject({ code: 'TIMEOUT' });
  await broker.waitFor.telemetry({ device: 'sensor-1', key: 'temperature' });
  const [injected] = await broker.waitFor.events({ kind: 'fault_injected' });
  expect(injected?.message).toMatch(/^injected: .*PUBACK.* for sensor-1/);
  await sensor.sendTelemetry({ temperature: 31 }, { ackTimeoutMs: 5_000 }); // count: 1 — used up
});

test('connect.refuse: the device is refused with the chosen CONNACK code (3.1.1 and 5)', async ({
  broker,
  device,
}) => {
  broker.faults.add({ kind: 'connect.refuse', device: 'pump-1', code: 5, count: 2 });
  const v3 = await device('pump-1').catch((e: unknown) => e);
  expect(v3).toBeInstanceOf(MqttConnectError);
  expect(v3).toMatchObject({ reason: 'refused', code: 5 });
  const v5 = await device({ name: 'pump-1', protocolVersion: 5 }).catch((e: unknown) => e);
  expect(v5).toMatchObject({ reason: 'refused', code: 0x87 });
  await device('pump-1'); // both refusals used up
});

test('ota.corrupt: a corrupted chunk fails the download on its checksum', async ({
  broker,
  device,
}) => {
  const image = new Uint8Array(randomBytes(6_000));
  const pkg = await broker.hub.ota.upload({
    title: 'fw',
    version: '1',
    type: 'FIRMWARE',
    data: image,
  });
  await broker.hub.ota.assign(pkg.id, { deviceId: broker.hub.devices.get('pump-1').id });
  const pump = await device('pump-1');
  await pump.subscribe({ ota: ['fw'] });
  broker.faults.add({ kind: 'ota.corrupt', device: 'pump-1', count: 1 });
  const download = { size: 6_000, checksum: pkg.checksum ?? '', chunkSize: 2048 };
  await expect(pump.downloadFirmware(download)).rejects.toMatchObject({
    code: 'CHECKSUM_MISMATCH',
  });
  expect((await pump.downloadFirmware(download)).bytes).toEqual(image); // the fault is used up
});

test('session.close: the broker drops the device now; it sees its connection closed', async ({
  broker,
  device,
}) => {
  const sensor = await device('sensor-1');
  const waiting = sensor.next('sharedAttributes', { timeoutMs: 10_000 }).catch((e: unknown) => e);
  broker.faults.add({ kind: 'session.close', device: 'sensor-1' });
  expect(await waiting).toMatchObject({ code: 'CANCELLED' });
  expect(sensor.closed).toBe(true);
  await broker.waitFor.sessions({ device: 'sensor-1', connected: false });
});
