import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { startTestBroker } from './support/test-broker.ts';

const run = promisify(execFile);
const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';

let broker: DevBroker;
let dir: string;
beforeAll(async () => {
  if (!existsSync(MOSQUITTO_PUB))
    throw new Error('mosquitto_pub is missing: apt-get install -y mosquitto-clients');
  broker = await startTestBroker();
  dir = mkdtempSync(join(tmpdir(), 'iothub-seed-'));
});
afterAll(async () => {
  await broker.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a seed command line through a POSIX shell, exactly as a user would type it (host/port aside). */
async function sh(command: string): Promise<{ stdout: string; stderr: string }> {
  return run('/bin/sh', ['-c', command], {
    cwd: dir,
    env: { ...process.env, ACCESS_TOKEN: 'T1' },
    timeout: 10_000,
  });
}

const thermo = () => broker.hub.devices.get('thermo-1').id;
const latestOf = (key: string) => broker.hub.telemetry.latest(thermo(), [key])[0]?.value;
const hostPort = () => `-h "127.0.0.1" -p ${String(broker.mqttPort)}`;

describe("the seed's mosquitto_pub commands (spec example 34)", () => {
  it('telemetry: -m "{"temperature":42}" reaches the broker unquoted and is stored as LONG 42', async () => {
    const { stderr } = await sh(
      `mosquitto_pub -d -q 1 ${hostPort()} -t "v1/devices/me/telemetry" -u "$ACCESS_TOKEN" -m "{"temperature":42}"`,
    );
    expect(stderr).not.toMatch(/error/i);
    expect(latestOf('temperature')).toEqual({ type: 'LONG', value: 42n });
  });

  it('telemetry from the seed files: object, array and {ts, values}', async () => {
    writeFileSync(
      join(dir, 'telemetry-data-as-object.json'),
      '{"temperature": 42, "humidity": 73}',
    );
    writeFileSync(join(dir, 'telemetry-data-as-array.json'), '[{"key1":"value1"}, {"key2":true}]');
    writeFileSync(
      join(dir, 'telemetry-data-with-ts.json'),
      '{"ts":1451649600512, "values":{"key3":"value3", "key4":4.5}}',
    );
    for (const file of [
      'telemetry-data-as-object.json',
      'telemetry-data-as-array.json',
      'telemetry-data-with-ts.json',
    ]) {
      await sh(
        `mosquitto_pub -d -q 1 ${hostPort()} -t "v1/devices/me/telemetry" -u "$ACCESS_TOKEN" -f "${file}"`,
      );
    }
    expect(latestOf('humidity')).toEqual({ type: 'LONG', value: 73n });
    expect(latestOf('key1')).toEqual({ type: 'STRING', value: 'value1' });
    expect(latestOf('key2')).toEqual({ type: 'BOOLEAN', value: true });
    expect(broker.hub.telemetry.latest(thermo(), ['key4'])[0]).toMatchObject({
      ts: 1451649600512,
      value: { type: 'DOUBLE', value: 4.5 },
    });
  });

  it('attributes: -m "{"attribute1": "value1", "attribute2": true}" → STRING value1 and BOOLEAN true', async () => {
    await sh(
      `mosquitto_pub -d -q 1 ${hostPort()} -t "v1/devices/me/attributes" -u "$ACCESS_TOKEN" -m "{"attribute1": "value1", "attribute2": true}"`,
    );
    const attrs = Object.fromEntries(
      broker.hub.attributes
        .get(thermo(), 'CLIENT', ['attribute1', 'attribute2'])
        .map((a) => [a.key, a.value]),
    );
    expect(attrs).toEqual({
      attribute1: { type: 'STRING', value: 'value1' },
      attribute2: { type: 'BOOLEAN', value: true },
    });
  });

  it("lenient forms: {'a':'x';b=2 /* c */} stores a STRING x and b LONG 2", async () => {
    await sh(
      `mosquitto_pub -q 1 ${hostPort()} -t "v1/devices/me/telemetry" -u "$ACCESS_TOKEN" -m "{'a':'x';b=2 /* c */}"`,
    );
    expect(latestOf('a')).toEqual({ type: 'STRING', value: 'x' });
    expect(latestOf('b')).toEqual({ type: 'LONG', value: 2n });
  });

  it('mosquitto_sub receives a shared-attribute update', async () => {
    const sub = run(
      'mosquitto_sub',
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(broker.mqttPort),
        '-u',
        'T1',
        '-t',
        'v1/devices/me/attributes',
        '-q',
        '1',
        '-C',
        '1',
        '-W',
        '8',
      ],
      { timeout: 10_000 },
    );
    // mosquitto_sub connects and subscribes asynchronously: push until it has subscribed
    const deadline = Date.now() + 5000;
    while (
      !broker.hub.sessions.forDevice(thermo()).some((s) => s.hasSubscription('attributesPush')) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await broker.hub.attributes.save(
      thermo(),
      'SHARED',
      broker.hub.attributes.toEntries({ targetTemp: 23 }),
    );
    const { stdout } = await sub;
    expect(JSON.parse(stdout.trim())).toEqual({ targetTemp: 23 });
  });
});
