// The `broker` fixture of `iothub-device-console/playwright`: an in-memory broker per worker on free
// ports, seeded from `brokerConfig` (playwright.config.ts), reset between tests; waitFor; snapshots.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startDevBroker, WaitTimeoutError, type HealthResponse } from 'iothub-device-console';
import { expect, test } from 'iothub-device-console/playwright';

test('the broker fixture is ready on free ports, and /healthz says so', async ({
  broker,
  request,
}) => {
  const res = await request.get(`${broker.httpUrl}/healthz`);
  expect(res.status()).toBe(200);
  const health = (await res.json()) as HealthResponse;
  expect(health).toMatchObject({
    status: 'ok',
    name: 'iothub-dev-broker',
    version: broker.version,
    storage: 'memory',
    ports: { mqtt: broker.mqttPort, http: broker.httpPort },
  });
  expect(broker.demo).toBeNull();
});

test.describe('reset between tests', () => {
  test('1: a test leaves a device, telemetry and a fault behind', async ({ broker, device }) => {
    await broker.hub.devices.create({ name: 'made-by-test-1' });
    const sensor = await device('sensor-1');
    await sensor.sendTelemetry({ left: 1 });
    await broker.waitFor.telemetry({ device: 'sensor-1', key: 'left' });
    broker.faults.add({ kind: 'connect.refuse', device: 'pump-1', code: 5 });
    expect(broker.faults.list()).toHaveLength(1);
  });

  test('2: the next test starts from the seed — all of it gone', async ({ broker, device }) => {
    expect(broker.hub.devices.find('made-by-test-1')).toBeUndefined();
    expect(broker.hub.devices.find('sensor-1')).toBeDefined();
    expect(broker.faults.list()).toEqual([]);
    const error = await broker.waitFor
      .telemetry({ device: 'sensor-1', key: 'left', timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    await device('pump-1'); // the fault of test 1 would refuse it
  });
});

test('waitFor resolves on broker events, and times out saying what arrived instead', async ({
  broker,
  device,
}) => {
  const pump = await device('pump-1');
  const waiting = broker.waitFor.telemetry({ device: 'pump-1', key: 'flow', count: 2 });
  const ts = Date.now(); // one value per key and millisecond: two distinct timestamps
  await pump.sendTelemetry([
    { ts, values: { flow: 1.5 } },
    { ts: ts + 1, values: { flow: 2.5 } },
  ]);
  expect((await waiting).map((p) => p.value)).toEqual([1.5, 2.5]);

  const error = await broker.waitFor
    .telemetry({ device: 'pump-1', key: 'pressure', timeoutMs: 200 })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(String(error)).toContain('flow');
  expect(await broker.waitFor.sessions({ device: 'pump-1' })).toMatchObject({ connected: true });
});

test('snapshot and restore bring a state back', async ({ broker }) => {
  await broker.hub.devices.create({ name: 'kept-in-the-snapshot' });
  const snapshot = broker.snapshot();
  await broker.reset();
  expect(broker.hub.devices.find('kept-in-the-snapshot')).toBeUndefined();
  await broker.restore(JSON.stringify(snapshot));
  expect(broker.hub.devices.find('kept-in-the-snapshot')).toBeDefined();
});

test('SQLite storage works from the installed package (its native module is built)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'consumer-sqlite-'));
  try {
    const broker = await startDevBroker({
      dataDir,
      mqttPort: 0,
      httpPort: 0,
      demo: false,
      logLevel: 'warn',
    });
    expect(broker.dataFile).toBe(join(dataDir, 'iothub.sqlite'));
    await broker.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
