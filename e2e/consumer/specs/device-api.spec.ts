// The `device` and `operator` fixtures of `iothub-device-console/playwright`: simulated devices over
// MQTT (TCP or WebSocket, 3.1.1 or 5) with the typed device API — no topic string in this file — and
// the typed operator API client logged in as admin.
import { randomBytes } from 'node:crypto';

import { expect, test } from 'iothub-device-console/playwright';

test('telemetry and attributes resolve on the PUBACK, over TCP and WebSocket, MQTT 3.1.1 and 5', async ({
  broker,
  device,
}) => {
  for (const transport of ['tcp', 'ws'] as const)
    for (const protocolVersion of [4, 5] as const) {
      const sensor = await device({ name: 'sensor-1', transport, protocolVersion });
      const key = `t_${transport}_${String(protocolVersion)}`;
      const outcome = await sensor.sendTelemetry({ [key]: 21.5 });
      expect(outcome.latencyMs).not.toBeNull();
      const [point] = await broker.waitFor.telemetry({ device: 'sensor-1', key });
      expect(point?.value).toBe(21.5);
      await sensor.sendAttributes({ [`${key}_mode`]: 'eco' });
      await sensor.close();
    }
  // MQTT 5: a payload the platform cannot read is refused with its PUBACK reason code (spec §4)
  const v5 = await device({ name: 'sensor-1', protocolVersion: 5 });
  await expect(v5.sendTelemetry('not json')).rejects.toMatchObject({
    code: 'REFUSED',
    reasonCode: 0x99,
  });
});

test('attributes: request them, and await a shared-attribute push from the operator', async ({
  device,
  operator,
}) => {
  const sensor = await device('sensor-1');
  await sensor.sendAttributes({ model: 'TH-1' });
  await sensor.subscribeSharedAttributes();
  const push = sensor.next('sharedAttributes');
  await operator.request('attributes.save', {
    deviceName: 'sensor-1',
    scope: 'SHARED',
    values: { setpoint: 22 },
  });
  expect((await push).change).toEqual({ kind: 'updated', values: { setpoint: 22 } });
  const answer = await sensor.requestAttributes({
    clientKeys: ['model'],
    sharedKeys: ['setpoint'],
  });
  expect(answer.client).toEqual({ model: 'TH-1' });
  expect(answer.shared).toEqual({ setpoint: 22 });
});

test('RPC: the device answers a server-side call (onRpc), and makes a client-side one', async ({
  broker,
  device,
  operator,
}) => {
  const pump = await device('pump-1');
  pump.onRpc('setSpeed', (request) => ({
    ok: true,
    speed: (request.params as { rpm: number }).rpm,
  }));
  await pump.subscribeRpc();
  const sent = await operator.request('rpc.send', {
    deviceName: 'pump-1',
    method: 'setSpeed',
    params: { rpm: 1200 },
  });
  expect(sent).toEqual({ kind: 'reply', json: true, response: { ok: true, speed: 1200 } });
  await broker.waitFor.rpc({ device: 'pump-1', method: 'setSpeed' });

  const time = await pump.callRpc('getTime');
  expect(time.json).toBe(true);
  expect(time.reply).toMatchObject({ ts: expect.any(Number) });
});

test('claiming: the device registers, the operator claims it for a customer', async ({
  device,
  operator,
}) => {
  const pump = await device('pump-1');
  await pump.claim({ secretKey: 'pump-secret', durationMs: 60_000 });
  const claimed = await operator.request('claim.claim', {
    deviceName: 'pump-1',
    secretKey: 'pump-secret',
    customer: 'acme',
  });
  expect(claimed).toMatchObject({ result: 'SUCCESS', customer: { name: 'acme' } });
});

test('provisioning: a provisioning client creates a device that then connects by name', async ({
  broker,
  device,
}) => {
  const provisioner = await device({ provisioning: true });
  const outcome = await provisioner.provision({
    provisionDeviceKey: 'fleet-key',
    provisionDeviceSecret: 'fleet-secret',
    deviceName: 'provisioned-1',
  });
  expect(outcome.status).toBe('SUCCESS');
  expect(broker.hub.devices.find('provisioned-1')).toBeDefined();
  const provisioned = await device('provisioned-1');
  await provisioned.sendTelemetry({ hello: 1 });
});

test('firmware: the device reads its fw_* attributes and downloads the package, checksum checked', async ({
  broker,
  device,
}) => {
  const image = new Uint8Array(randomBytes(10_000));
  const pkg = await broker.hub.ota.upload({
    title: 'pump-fw',
    version: '2.0.0',
    type: 'FIRMWARE',
    data: image,
  });
  await broker.hub.ota.assign(pkg.id, { deviceId: broker.hub.devices.get('pump-1').id });
  const pump = await device('pump-1');
  const { shared } = await pump.requestAttributes({
    sharedKeys: ['fw_title', 'fw_version', 'fw_size', 'fw_checksum', 'fw_checksum_algorithm'],
  });
  expect(shared).toMatchObject({ fw_title: 'pump-fw', fw_version: '2.0.0', fw_size: 10_000 });
  await pump.subscribe({ ota: ['fw'] });
  const download = await pump.downloadFirmware({
    size: shared?.fw_size as number,
    checksum: shared?.fw_checksum as string,
    chunkSize: 4096,
  });
  expect(download).toMatchObject({ size: 10_000, chunks: 3, problem: null });
  expect(download.bytes).toEqual(image);
});

test('the operator fixture is the typed operator API, logged in as admin', async ({ operator }) => {
  const info = await operator.request('broker.info');
  expect(info.storage).toBe('memory');
  const { items } = await operator.request('devices.list', {});
  expect(items.map((d) => d.name).sort()).toEqual(['pump-1', 'sensor-1']);
});
