import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startDevBroker, WaitTimeoutError, type HealthResponse } from 'iothub-device-console';

import { expect, test } from '../fixtures.ts';

test('startDevBroker in memory: ready on free ports, /healthz says so', async ({
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
});

test('the console served by the package: a device sends telemetry, waitFor sees it', async ({
  broker,
  page,
}) => {
  await page.goto(broker.httpUrl);
  await page.getByLabel('Access token').fill('SENSOR1');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection status' })).toContainText('Connected');
  await broker.waitFor.sessions({ device: 'sensor-1' });
  await page.getByRole('tab', { name: 'Telemetry', exact: true }).click();
  const panel = page.getByRole('tabpanel', { name: 'Telemetry', exact: true });
  await panel.getByLabel('Telemetry JSON').fill('{"temperature":21.5}');
  await panel.getByRole('button', { name: 'Send telemetry' }).click();
  const [point] = await broker.waitFor.telemetry({ device: 'sensor-1', key: 'temperature' });
  expect(point).toMatchObject({ key: 'temperature', type: 'DOUBLE', value: 21.5 });
  await expect(panel.getByRole('status', { name: 'Telemetry result' })).toContainText('PUBACK');
});

test('reset between tests: what a test made is gone, the seed is as it was', async ({ broker }) => {
  const seeded = broker.hub.devices.get('sensor-1');
  await broker.hub.devices.create({ name: 'made-by-this-test' });
  const summary = await broker.reset();
  expect(summary.devices).toBe(2);
  expect(broker.hub.devices.find('made-by-this-test')).toBeUndefined();
  expect(broker.hub.devices.get('sensor-1').id).toBe(seeded.id);
});

test('waitFor times out saying what arrived instead', async ({ broker }) => {
  const error = await broker.waitFor
    .telemetry({ device: 'pump-1', key: 'flow', timeoutMs: 200 })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitTimeoutError);
  expect(String(error)).toContain('nothing is stored for device "pump-1"');
});

test('snapshot and restore bring a state back', async ({ broker }) => {
  await broker.hub.devices.create({ name: 'kept-in-the-snapshot' });
  const snapshot = broker.snapshot();
  await broker.reset();
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
