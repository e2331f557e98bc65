import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { KvValue } from '../../src/protocol/kv.ts';
import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice, type TestClient } from './support/mqtt-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const id = (name: string) => broker.hub.devices.get(name).id;
const latest = (name: string) =>
  Object.fromEntries(
    broker.hub.telemetry.latest(id(name)).map((p) => [p.key, { ts: p.ts, value: p.value }]),
  ) as Record<string, { ts: number; value: KvValue } | undefined>;

describe.each(MATRIX)('telemetry over %s, MQTT v%i (spec §5)', (transport, version) => {
  let c: TestClient;
  const device = `tele-${transport}-${String(version)}`;
  const token = `TOK-${device}`;
  beforeAll(async () => {
    await broker.hub.devices.create({ name: device, credentials: { type: 'ACCESS_TOKEN', token } });
    c = await connectDevice(broker, transport, version, { username: token });
  });
  afterAll(async () => {
    await c.end();
  });

  it('example 6: flat object → stored at broker time before the PUBACK', async () => {
    const before = Date.now();
    await c.publish('v1/devices/me/telemetry', '{"temperature":42,"label":"kitchen"}');
    // the PUBACK arrived, so the data must already be stored: no waiting here
    const stored = latest(device);
    expect(stored.temperature?.value).toEqual({ type: 'LONG', value: 42n });
    expect(stored.label?.value).toEqual({ type: 'STRING', value: 'kitchen' });
    expect(stored.temperature?.ts).toBeGreaterThanOrEqual(before);
  });

  it('example 7: {ts, values} with typing and the numeric-string cast', async () => {
    await c.publish(
      'v1/devices/me/telemetry',
      '{"ts":1451649600512,"values":{"a":"42","b":"4.50","c":null,"d":"0x1A","e":1.5E2,"f":"007","g":3.0}}',
    );
    const points = broker.hub.telemetry.history(id(device), {
      keys: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      startTs: 1451649600512,
      endTs: 1451649600512,
    });
    const byKey = Object.fromEntries(
      (points as { key: string; value: KvValue; ts: number }[]).map((p) => [p.key, p.value]),
    );
    expect(byKey).toEqual({
      a: { type: 'LONG', value: 42n },
      b: { type: 'DOUBLE', value: 4.5 },
      d: { type: 'STRING', value: '0x1A' },
      e: { type: 'LONG', value: 150n },
      f: { type: 'LONG', value: 7n },
      g: { type: 'DOUBLE', value: 3 },
    });
  });

  it('example 8: arrays on v2/t; {ts, k} without values stores ts as a key', async () => {
    await c.publish('v2/t', '[{"ts":1000,"values":{"t":1}},{"t":2}]');
    const t = broker.hub.telemetry.history(id(device), {
      keys: ['t'],
      startTs: 0,
      endTs: Date.now() + 1000,
      order: 'ASC',
    }) as { ts: number; value: KvValue }[];
    expect(t.map((p) => p.value)).toEqual([
      { type: 'LONG', value: 1n },
      { type: 'LONG', value: 2n },
    ]);
    expect(t[0]?.ts).toBe(1000);
    expect(t[1]?.ts).toBeGreaterThan(1000);
    await c.publish('v2/t/j', '{"ts":1700000000000,"k8":5}');
    expect(latest(device).ts?.value).toEqual({ type: 'LONG', value: 1700000000000n });
    expect(latest(device).k8?.ts).not.toBe(1700000000000);
  });

  it('example 9: [] is acknowledged and stores nothing', async () => {
    const keysBefore = broker.hub.telemetry.keys(id(device)).length;
    expect((await c.publish('v1/devices/me/telemetry', '[]'))?.cmd).toBe('puback');
    expect(broker.hub.telemetry.keys(id(device))).toHaveLength(keysBefore);
  });

  it('example 10: unknown topic → PUBACK (v5: 0x90), stays open, unknown_topic event', async () => {
    const ack = (await c.publish('v1/devices/me/unknown', 'whatever').catch((e: unknown) => e)) as {
      reasonCode?: number;
      code?: number;
    };
    if (version === 5) expect(ack.reasonCode ?? ack.code).toBe(0x90);
    else expect((ack as { cmd?: string }).cmd).toBe('puback');
    expect(c.isClosed()).toBe(false);
    expect(
      broker.hub.events.list({ deviceId: id(device), kinds: ['unknown_topic'] })[0]?.topic,
    ).toBe('v1/devices/me/unknown');
  });

  it('example 32: a non-gateway publishing to v1/gateway/telemetry → PUBACK, nothing stored, dropped event', async () => {
    await c.publish('v1/gateway/telemetry', '{"X":[{"t":1}]}');
    expect(broker.hub.devices.find('X')).toBeUndefined();
    expect(broker.hub.events.list({ deviceId: id(device), kinds: ['dropped'] })[0]?.topic).toBe(
      'v1/gateway/telemetry',
    );
  });
});

describe.each(MATRIX)(
  'invalid payloads over %s, MQTT v%i (spec §4, example 9)',
  (transport, version) => {
    it('{"temperature":} → 3.1.1: no PUBACK and closed; v5: PUBACK 0x99 and open; event names device, topic, parser error', async () => {
      const c = await connectDevice(broker, transport, version, { username: 'T1' });
      const outcome = await c.publish('v1/devices/me/telemetry', '{"temperature":}').then(
        (p) => ({ acked: true as const, packet: p }),
        (e: unknown) => ({ acked: false as const, error: e as { code?: number; message: string } }),
      );
      if (version === 5) {
        expect(outcome.acked ? undefined : outcome.error.code).toBe(0x99);
        expect(c.isClosed()).toBe(false);
        await c.end();
      } else {
        expect(outcome.acked).toBe(false);
        await c.closed;
        expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
      }
      const event = broker.hub.events.list({
        deviceId: id('thermo-1'),
        kinds: ['invalid_payload'],
      })[0];
      expect(event?.message).toContain('thermo-1');
      expect(event?.topic).toBe('v1/devices/me/telemetry');
      expect(event?.message.length).toBeGreaterThan(40);
    });
  },
);

describe('sendAckOnValidationException (spec §4)', () => {
  it('with the profile switch on, an invalid QoS 1 payload is acknowledged and the connection stays open', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'LEN1' });
    expect((await c.publish('v1/devices/me/telemetry', '{"temperature":}'))?.cmd).toBe('puback');
    expect(c.isClosed()).toBe(false);
    expect(
      broker.hub.events.list({ deviceId: id('lenient-1'), kinds: ['invalid_payload'] }),
    ).toHaveLength(1);
    await c.end();
  });

  it('an invalid QoS 0 payload closes the connection even with the switch on', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'LEN1' });
    await c.publish('v1/devices/me/telemetry', 'not json {', 0);
    await c.closed;
  });

  it('QoS 2 completes the handshake and is stored like QoS 1', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/telemetry', '{"q2":7}', 2);
    await eventually(() =>
      expect(latest('other-1').q2?.value).toEqual({ type: 'LONG', value: 7n }),
    );
    await c.end();
  });
});
