import type { IPublishPacket } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEVICE_TOPICS, outboundTopic, responseFilter } from '../../src/protocol/topics.ts';
import { downlinkWhich } from '../faults/downlink-faults.ts';
import type { DevBroker } from '../main.ts';

import { faultDevice } from './support/fault-client.ts';
import { MATRIX, type TestClient } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const deviceId = (name: string) => broker.hub.devices.get(name).id;
const pushShared = (name: string, values: Record<string, number>) =>
  broker.hub.attributes.save(deviceId(name), 'SHARED', broker.hub.attributes.toEntries(values));
const publishes = (c: TestClient, topic: string) =>
  c.packets.filter((p): p is IPublishPacket => p.cmd === 'publish' && p.topic === topic);

describe('downlink message kinds (ADR 0011)', () => {
  it('tells RPC requests, attribute pushes and attribute responses apart for every family', () => {
    for (const family of ['v1', 'v2', 'v2j', 'v2p'] as const) {
      expect(downlinkWhich(outboundTopic.rpcRequest(family, 7))).toBe('rpc');
      expect(downlinkWhich(outboundTopic.attributesPush(family))).toBe('attributes');
      expect(downlinkWhich(outboundTopic.attributesResponse(family, 7))).toBe('attributeResponse');
      expect(downlinkWhich(outboundTopic.rpcResponse(family, 7))).toBeUndefined();
    }
    expect(downlinkWhich(outboundTopic.otaChunk('fw', 1, 0))).toBeUndefined();
  });
});

describe.each(MATRIX)('downlink faults over %s, MQTT v%i (ADR 0011)', (transport, version) => {
  const name = `dl-${transport}-${String(version)}`;
  let c: TestClient;
  beforeAll(async () => {
    c = await faultDevice(broker, name, transport, version);
    await c.subscribe({
      [DEVICE_TOPICS.attributes]: { qos: 1 },
      [responseFilter.rpcRequest('v1')]: { qos: 1 },
    });
  });
  afterAll(() => {
    c.client.end(true);
  });

  it('downlink.drop of attribute pushes: the next push arrives, the dropped one never', async () => {
    broker.faults.add({ kind: 'downlink.drop', device: name, which: 'attributes', count: 1 });
    await pushShared(name, { lost: 1 });
    await pushShared(name, { kept: 2 });
    // pushes go out in order: once the second is here, the first would have been too
    expect(JSON.parse((await c.message(DEVICE_TOPICS.attributes)).text)).toEqual({ kept: 2 });
    expect(publishes(c, DEVICE_TOPICS.attributes)).toHaveLength(1);
    expect(broker.faults.list()).toEqual([]);
  });

  it('downlink.duplicate of RPC requests: the same packet twice, the copy with DUP', async () => {
    broker.faults.add({ kind: 'downlink.duplicate', device: name, which: 'rpc', count: 1 });
    const sent = broker.hub.rpc.send({ deviceId: deviceId(name), method: 'blink', oneway: true });
    expect(await sent).toEqual({ kind: 'delivered' });
    const topic = outboundTopic.rpcRequest('v1', 0);
    const copies = publishes(c, topic);
    expect(copies).toHaveLength(2);
    const [first, second] = copies;
    expect(second?.messageId).toBe(first?.messageId);
    expect([first?.dup, second?.dup]).toEqual([false, true]);
    // a rule for RPCs leaves attribute pushes alone
    broker.faults.add({ kind: 'downlink.drop', device: name, which: 'rpc', count: 1 });
    await pushShared(name, { after: 3 });
    expect(JSON.parse((await c.message(DEVICE_TOPICS.attributes)).text)).toEqual({ after: 3 });
    expect(broker.faults.list()).toHaveLength(1);
    broker.faults.clear();
  });

  it('downlink.delay of attribute responses: later messages overtake it', async () => {
    broker.faults.add({
      kind: 'downlink.delay',
      device: name,
      which: 'attributeResponse',
      ms: 400,
    });
    const responseTopic = outboundTopic.attributesResponse('v1', 5);
    const started = Date.now();
    await c.publish(outboundTopic.attributesRequest('v1', 5), '{"sharedKeys":"kept"}');
    await pushShared(name, { overtaking: 4 });
    await c.message(DEVICE_TOPICS.attributes);
    expect(publishes(c, responseTopic)).toHaveLength(0);
    const response = await c.message(responseTopic);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(response.text)).toEqual({ shared: { kept: 2 } });
    broker.faults.clear();
  });
});
