import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, markerRoundTrip } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    config: { settings: { rpcAckTimeoutMs: 300, rpc: { minTimeoutMs: 100 } } },
  });
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('server-side RPC over %s, MQTT v%i (spec §7)', (transport, version) => {
  it('examples 15-16: ids from 0, exact payload, one-way after PUBACK, two-way reply, unknown reply id dropped', async () => {
    const name = `rpc-${transport}-${String(version)}`;
    const { device } = await broker.hub.devices.create({
      name,
      credentials: { type: 'ACCESS_TOKEN', token: `R-${name}` },
    });
    const c = await connectDevice(broker, transport, version, { username: `R-${name}` });
    expect(await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } })).toEqual([1]);
    const oneway = broker.hub.rpc.send({
      deviceId: device.id,
      method: 'setGpio',
      params: { pin: 23, value: 1 },
      oneway: true,
    });
    const first = await c.message('v1/devices/me/rpc/request/0');
    expect(first.text).toBe('{"method":"setGpio","params":{"pin":23,"value":1}}');
    expect(first.qos).toBe(1);
    expect(await oneway).toEqual({ kind: 'delivered' });

    const twoway = broker.hub.rpc.send({ deviceId: device.id, method: 'getState', params: {} });
    expect((await c.message('v1/devices/me/rpc/request/1')).text).toBe(
      '{"method":"getState","params":{}}',
    );
    await c.publish('v1/devices/me/rpc/response/1', '{"state":"on"}');
    expect(await twoway).toEqual({ kind: 'reply', reply: { json: true, value: { state: 'on' } } });

    await c.publish('v1/devices/me/rpc/response/77', '{"late":true}');
    expect(broker.hub.events.list({ deviceId: device.id, kinds: ['dropped'] })[0]?.topic).toBe(
      'v1/devices/me/rpc/response/77',
    );
    await c.end();
  });
});

describe('persistent RPC (spec §7)', () => {
  it('example 17: QUEUED offline → SENT on subscribe → DELIVERED on PUBACK → SUCCESSFUL with the reply stored', async () => {
    const { device } = await broker.hub.devices.create({
      name: 'rpc-persist',
      credentials: { type: 'ACCESS_TOKEN', token: 'RP1' },
    });
    const sent = await broker.hub.rpc.send({
      deviceId: device.id,
      method: 'reboot',
      params: { delay: 1 },
      persistent: true,
      timeout: 60_000,
    });
    if (sent.kind !== 'persistent') throw new Error('expected a persistent rpc');
    expect(sent.status).toBe('QUEUED');
    const statuses: string[] = [];
    broker.hub.rpc.onChange((ch) => {
      if (ch.rpcId === sent.rpcId) statuses.push(ch.status);
    });
    const c = await connectDevice(broker, 'tcp', 4, { username: 'RP1' });
    await c.subscribe({ 'v2/r/req/+': { qos: 1 } });
    const msg = await c.message('v2/r/req/0');
    expect(JSON.parse(msg.text)).toEqual({ method: 'reboot', params: { delay: 1 } });
    await eventually(() => expect(broker.hub.rpc.get(sent.rpcId).status).toBe('DELIVERED'));
    await c.publish('v2/r/res/0', '{"ok":true}');
    const done = broker.hub.rpc.get(sent.rpcId);
    expect(done.status).toBe('SUCCESSFUL');
    expect(JSON.parse(done.response ?? 'null')).toEqual({ ok: true });
    expect(statuses).toEqual(['SENT', 'DELIVERED', 'SUCCESSFUL']);
    await c.end();
  });

  it('a non-JSON reply to a persistent RPC is stored as {"error": text}', async () => {
    const { device } = await broker.hub.devices.create({
      name: 'rpc-text',
      credentials: { type: 'ACCESS_TOKEN', token: 'RT1' },
    });
    const c = await connectDevice(broker, 'tcp', 4, { username: 'RT1' });
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    const sent = await broker.hub.rpc.send({ deviceId: device.id, method: 'm', persistent: true });
    if (sent.kind !== 'persistent') throw new Error('expected persistent');
    await c.message('v1/devices/me/rpc/request/0');
    await c.publish('v1/devices/me/rpc/response/0', 'not json at all {');
    expect(JSON.parse(broker.hub.rpc.get(sent.rpcId).response ?? 'null')).toEqual({
      error: 'not json at all {',
    });
    await c.end();
  });

  it('an expiry already past at creation → EXPIRED; no PUBACK → TIMEOUT, resent with the same id on the next subscribe', async () => {
    const { device } = await broker.hub.devices.create({
      name: 'rpc-timeout',
      credentials: { type: 'ACCESS_TOKEN', token: 'RTO' },
    });
    const past = await broker.hub.rpc.send({
      deviceId: device.id,
      method: 'old',
      persistent: true,
      expirationTime: Date.now() - 1,
    });
    expect(past.kind === 'persistent' && past.status).toBe('EXPIRED');
    // devices that never acknowledge: MQTT.js sends the PUBACK only after handleMessage calls back
    const silentDevice = async () => {
      const c = await connectDevice(broker, 'tcp', 4, { username: 'RTO' });
      (
        c.client as unknown as { handleMessage: (p: unknown, cb: () => void) => void }
      ).handleMessage = () => undefined;
      await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
      return c;
    };
    const requests = (c: { packets: { cmd: string; topic?: string }[] }) =>
      c.packets.filter((p) => p.cmd === 'publish' && p.topic === 'v1/devices/me/rpc/request/1');
    const a = await silentDevice();
    const sent = await broker.hub.rpc.send({
      deviceId: device.id,
      method: 'slow',
      persistent: true,
      timeout: 60_000,
      retries: 1,
    });
    if (sent.kind !== 'persistent') throw new Error('expected persistent');
    await eventually(() => expect(requests(a)).toHaveLength(1));
    await eventually(() => expect(broker.hub.rpc.get(sent.rpcId).status).toBe('TIMEOUT'));
    const b = await silentDevice();
    await eventually(() => expect(requests(b)).toHaveLength(1));
    await eventually(() => expect(broker.hub.rpc.get(sent.rpcId).status).toBe('FAILED'));
    expect(JSON.parse(broker.hub.rpc.get(sent.rpcId).response ?? '{}')).toEqual({
      error:
        'There was a Timeout and all retry attempts have been exhausted. Retry attempts set: 1',
    });
    a.client.end(true);
    b.client.end(true);
  });
});

describe('non-persistent RPC timeout (example 18)', () => {
  it('with no subscriber the operator gets a timeout; a later subscribe delivers nothing', async () => {
    const { device } = await broker.hub.devices.create({
      name: 'rpc-nosub',
      credentials: { type: 'ACCESS_TOKEN', token: 'RNS' },
    });
    await expect(
      broker.hub.rpc.send({ deviceId: device.id, method: 'x', timeout: 150 }),
    ).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    const c = await connectDevice(broker, 'tcp', 4, { username: 'RNS' });
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    await markerRoundTrip(c);
    expect(c.messages).toHaveLength(0);
    await c.end();
  });
});
