import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { SPEC_CONFIG } from './support/spec-fixtures.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    config: {
      devices: [
        ...(SPEC_CONFIG.devices ?? []),
        { name: 'gw-2', gateway: true, credentials: { type: 'ACCESS_TOKEN', token: 'GW2' } },
      ],
    },
  });
});
afterAll(async () => {
  await broker.close();
});

const idOf = (name: string) => broker.hub.devices.get(name).id;
const DAY = 24 * 60 * 60 * 1000;

/** The next RPC request the gateway got for itself on a topic starting with `prefix`, parsed. */
async function nextRpc(gw: TestClient, prefix = 'v1/devices/me/rpc/request/') {
  await eventually(() => expect(gw.messages.some((m) => m.topic.startsWith(prefix))).toBe(true));
  const topic = gw.messages.find((m) => m.topic.startsWith(prefix))?.topic ?? prefix;
  return JSON.parse((await gw.message(topic)).text) as { method: string; params: unknown };
}

describe('a gateway hears when the operator renames or deletes its sub-device (spec §12)', () => {
  it('rename, then delete: gateway_device_renamed {"old":"new"}, then gateway_device_deleted "name"', async () => {
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    await gw.publish('v1/gateway/connect', JSON.stringify({ device: 'Sub R' }));

    await broker.hub.devices.update('Sub R', { name: 'Sub R2' });
    expect(await nextRpc(gw)).toEqual({
      method: 'gateway_device_renamed',
      params: { 'Sub R': 'Sub R2' },
    });
    await broker.hub.devices.delete('Sub R2');
    expect(await nextRpc(gw)).toEqual({ method: 'gateway_device_deleted', params: 'Sub R2' });

    // persistent, one-way, expiring after a day, 3 retries
    const records = broker.hub.rpc
      .list(idOf('gw-1'))
      .filter((r) => r.method.startsWith('gateway_device_'));
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r).toMatchObject({ oneway: true, retries: 3, status: 'DELIVERED' });
      expect(r.expirationTime - r.createdAt).toBeGreaterThan(DAY - 1000);
      expect(r.expirationTime - r.createdAt).toBeLessThanOrEqual(DAY);
    }
    await gw.end();
  });

  it('an offline gateway gets the notice when it next subscribes (the sub-device it created)', async () => {
    const gw = await connectDevice(broker, 'ws', 5, { username: 'GW1' });
    await gw.publish('v1/gateway/telemetry', JSON.stringify({ 'Sub Q': [{ t: 1 }] }));
    await gw.end();
    const operator = await connectOperator(broker);
    await operator.ok('devices.delete', { deviceName: 'Sub Q' });
    await operator.end();
    const queued = broker.hub.rpc.list(idOf('gw-1')).find((r) => r.params === '"Sub Q"');
    expect(queued?.status).toBe('QUEUED');

    const again = await connectDevice(broker, 'ws', 5, { username: 'GW1' });
    await again.subscribe({ 'v2/r/req/+': { qos: 1 } });
    expect(await nextRpc(again, 'v2/r/req/')).toEqual({
      method: 'gateway_device_deleted',
      params: 'Sub Q',
    });
    await again.end();
  });

  it('the gateway a sub-device is connected through now is told, even if another one created it', async () => {
    const creator = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await creator.publish('v1/gateway/connect', JSON.stringify({ device: 'Sub M' }));
    await creator.end();
    const now = await connectDevice(broker, 'tcp', 4, { username: 'GW2' });
    await now.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    await now.publish('v1/gateway/connect', JSON.stringify({ device: 'Sub M' }));
    await broker.hub.devices.update('Sub M', { name: 'Sub M2' });
    expect(await nextRpc(now)).toEqual({
      method: 'gateway_device_renamed',
      params: { 'Sub M': 'Sub M2' },
    });
    expect(broker.hub.rpc.list(idOf('gw-1')).some((r) => r.params.includes('Sub M'))).toBe(false);
    await now.end();
  });

  it('a device no gateway speaks for, and a change that keeps the name, send nothing', async () => {
    const before =
      broker.hub.rpc.list(idOf('gw-1')).length + broker.hub.rpc.list(idOf('gw-2')).length;
    await broker.hub.devices.create({ name: 'plain-1' });
    await broker.hub.devices.update('plain-1', { name: 'plain-2' });
    await broker.hub.devices.delete('plain-2');
    const gw = await connectDevice(broker, 'tcp', 4, { username: 'GW1' });
    await gw.publish('v1/gateway/connect', JSON.stringify({ device: 'Sub K' }));
    await broker.hub.devices.update('Sub K', { type: 'other' });
    await gw.end();
    const after =
      broker.hub.rpc.list(idOf('gw-1')).length + broker.hub.rpc.list(idOf('gw-2')).length;
    expect(after).toBe(before);
  });
});
