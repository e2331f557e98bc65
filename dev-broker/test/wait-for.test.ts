import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';
import { WaitAbortedError, WaitTimeoutError } from '../testing/wait-for.ts';

import { connectDevice, rawConnect, type TestClient } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const clients: TestClient[] = [];
beforeEach(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end()));
  await broker.close();
});

async function device(token = 'T1'): Promise<TestClient> {
  const c = await connectDevice(broker, 'tcp', 4, { username: token });
  clients.push(c);
  return c;
}

async function operator(): Promise<OperatorTestClient> {
  const op = await connectOperator(broker);
  clients.push(op);
  return op;
}

const telemetry = (c: TestClient, values: object) =>
  c.publish('v1/devices/me/telemetry', JSON.stringify(values));

describe('waitFor.telemetry', () => {
  it('counts what is stored already and what arrives, by key and predicate', async () => {
    const c = await device();
    await telemetry(c, { temperature: 20.5 });
    expect(
      await broker.waitFor.telemetry({ device: 'thermo-1', key: 'temperature' }),
    ).toMatchObject([{ key: 'temperature', type: 'DOUBLE', value: 20.5 }]);
    const three = broker.waitFor.telemetry({ device: 'thermo-1', key: 'temperature', count: 3 });
    const hot = broker.waitFor.telemetry({
      device: 'thermo-1',
      predicate: (p) => p.key === 'temperature' && (p.value as number) > 30,
    });
    await telemetry(c, { temperature: 25.5, humidity: 40 });
    await telemetry(c, { temperature: 31.5 });
    expect((await three).map((p) => p.value)).toEqual([20.5, 25.5, 31.5]);
    expect((await hot).map((p) => p.value)).toEqual([31.5]);
  });

  it('waits for a device that does not exist yet', async () => {
    const op = await operator();
    const wait = broker.waitFor.telemetry({ device: 'late-1', key: 'x' });
    await op.ok('devices.create', { name: 'late-1', token: 'LATE1' });
    await telemetry(await device('LATE1'), { x: 1 });
    expect(await wait).toMatchObject([{ key: 'x', type: 'LONG', value: 1 }]);
  });

  it('times out saying what arrived instead', async () => {
    const c = await device();
    await telemetry(c, { humidity: 40 });
    const wait = broker.waitFor.telemetry({
      device: 'thermo-1',
      key: 'temperature',
      count: 2,
      timeoutMs: 300,
    });
    await telemetry(c, { humidity: 41, temperature: 20 });
    const error = await wait.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'waitFor.telemetry: timed out after 300 ms waiting for 2 points of "temperature" from device "thermo-1" (1 of 2 arrived); what is stored for device "thermo-1": "humidity" ×2 (last 41), "temperature" ×1 (last 20)',
    );
    await expect(broker.waitFor.telemetry({ device: 'ghost', timeoutMs: 10 })).rejects.toThrow(
      /waiting for 1 point from device "ghost"; no device "ghost" exists$/,
    );
  });

  it('refuses bad options without waiting', async () => {
    await expect(broker.waitFor.telemetry({ device: 'thermo-1', count: 0 })).rejects.toThrow(
      'waitFor.telemetry: count must be a whole number of 1 or more, got 0',
    );
    await expect(broker.waitFor.events({ device: '' })).rejects.toThrow(
      /device must be a device name or id/,
    );
  });
});

describe('waitFor.attributes', () => {
  it('resolves on the current value or on the change, by scope and value', async () => {
    const c = await device();
    const op = await operator();
    await c.publish('v1/devices/me/attributes', '{"fw":"1.0.2"}');
    expect(await broker.waitFor.attributes({ device: 'thermo-1', key: 'fw' })).toMatchObject({
      scope: 'CLIENT',
      value: '1.0.2',
    });
    const updated = broker.waitFor.attributes({ device: 'thermo-1', key: 'fw', value: '1.0.3' });
    const shared = broker.waitFor.attributes({
      device: 'thermo-1',
      key: 'cfg',
      scope: 'SHARED',
      value: { a: [1] },
    });
    await c.publish('v1/devices/me/attributes', '{"fw":"1.0.3"}');
    await op.ok('attributes.save', {
      deviceName: 'thermo-1',
      scope: 'SHARED',
      values: { cfg: { a: [1] } },
    });
    expect(await updated).toMatchObject({ value: '1.0.3' });
    expect(await shared).toMatchObject({ scope: 'SHARED', type: 'JSON' });
  });

  it('times out with the current value', async () => {
    const c = await device();
    await c.publish('v1/devices/me/attributes', '{"fw":"1.0.2"}');
    await expect(
      broker.waitFor.attributes({ device: 'thermo-1', key: 'fw', value: '2.0', timeoutMs: 50 }),
    ).rejects.toThrow(
      'waitFor.attributes: timed out after 50 ms waiting for attribute "fw" of device "thermo-1" to be "2.0"; "fw" is "1.0.2" (CLIENT)',
    );
  });
});

describe('waitFor.rpc', () => {
  it('sees RPC states since the last reset, also those reached before the wait', async () => {
    const c = await device();
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    const op = await operator();
    const call = op.ok('rpc.send', {
      deviceName: 'thermo-1',
      method: 'setMode',
      params: { mode: 'eco' },
    });
    await c.message('v1/devices/me/rpc/request/0');
    // the response only after the broker has seen the PUBACK: a response that overtakes it takes the
    // RPC from SENT to SUCCESSFUL directly, and this test is about states reached earlier
    await broker.waitFor.rpc({ device: 'thermo-1', status: ['DELIVERED'] });
    await c.publish('v1/devices/me/rpc/response/0', '{"mode":"eco"}');
    await call;
    expect(await broker.waitFor.rpc({ device: 'thermo-1', method: 'setMode' })).toMatchObject([
      { method: 'setMode', status: 'SUCCESSFUL', json: true, response: { mode: 'eco' } },
    ]);
    const delivered = broker.waitFor.rpc({ device: 'thermo-1', status: ['DELIVERED'], count: 2 });
    const oneway = op.ok('rpc.send', { deviceName: 'thermo-1', method: 'blink', oneway: true });
    await oneway;
    expect((await delivered).map((e) => e.method)).toEqual(['setMode', 'blink']);
    await broker.reset();
    await expect(broker.waitFor.rpc({ device: 'thermo-1', timeoutMs: 20 })).rejects.toThrow(
      /waiting for 1 RPC of device "thermo-1" in SUCCESSFUL; no RPC of device "thermo-1" changed state$/,
    );
  });
});

describe('waitFor.sessions', () => {
  it('resolves on connect and disconnect, at once when it already is so', async () => {
    const connected = broker.waitFor.sessions({ device: 'thermo-1' });
    const c = await device();
    expect(await connected).toMatchObject({ connected: true, event: { kind: 'session_opened' } });
    expect(await broker.waitFor.sessions({ device: 'thermo-1' })).toMatchObject({ event: null });
    const gone = broker.waitFor.sessions({ device: 'thermo-1', connected: false });
    await c.end();
    expect(await gone).toMatchObject({ connected: false, event: { kind: 'session_closed' } });
    await expect(broker.waitFor.sessions({ device: 'thermo-1', timeoutMs: 10 })).rejects.toThrow(
      /it is not connected; its last session change: session_closed: connection closed: the client disconnected$/,
    );
  });
});

describe('waitFor.events', () => {
  it('counts recorded events by kind, device and predicate', async () => {
    const wait = broker.waitFor.events({ kind: 'auth_failed', count: 2 });
    for (const token of ['nope-1', 'nope-2']) {
      const refused = rawConnect(broker, 'tcp', 4, { username: token });
      expect(await refused.result).toBeInstanceOf(Error);
    }
    expect((await wait).map((e) => e.kind)).toEqual(['auth_failed', 'auth_failed']);
    const c = await device();
    await c.publish('v1/devices/me/telemetry', '{bad', 0);
    const [invalid] = await broker.waitFor.events({ device: 'thermo-1', kind: 'invalid_payload' });
    expect(invalid?.deviceName).toBe('thermo-1');
    await expect(broker.waitFor.events({ device: 'other-1', timeoutMs: 10 })).rejects.toThrow(
      /no event was recorded for device "other-1"$/,
    );
  });
});

it('a reset while waiting ends the wait with WaitAbortedError', async () => {
  const wait = broker.waitFor.telemetry({ device: 'thermo-1', timeoutMs: 60_000 });
  await broker.reset();
  const error = await wait.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(WaitAbortedError);
  expect((error as Error).message).toBe(
    'waitFor.telemetry: the broker was reset while waiting for 1 point from device "thermo-1"',
  );
});
