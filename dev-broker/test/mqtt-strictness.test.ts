import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { openRawMqtt, type RawMqtt } from './support/raw-socket.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const CONNACK_OK = Buffer.from([0x20, 0x02, 0x00, 0x00]);

function connectPacket(version: 4 | 5, fields: Partial<mqttPacket.IConnectPacket> = {}): Buffer {
  return mqttPacket.generate(
    {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: version,
      clean: true,
      clientId: '',
      keepalive: 60,
      ...fields,
    },
    { protocolVersion: version },
  );
}

/** A CONNECT with CleanSession 0 (mqtt-packet refuses to build one with an empty client id). */
function connectWithoutClean(version: 4 | 5, clientId: string): Buffer {
  const bytes = connectPacket(version, { username: 'O1', clientId });
  bytes[9] = (bytes[9] ?? 0) & ~0x02; // connect flags: clear CleanSession / Clean Start
  return bytes;
}

/** A packet from its first byte and its body (remaining length < 128). */
const packet = (first: number, ...body: (number | Buffer)[]): Buffer => {
  const bytes = Buffer.concat(body.map((b) => (typeof b === 'number' ? Buffer.from([b]) : b)));
  return Buffer.concat([Buffer.from([first, bytes.length]), bytes]);
};

/** A length-prefixed MQTT string made of these exact bytes. */
const str = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([0, bytes.length]), bytes]);

/** Opens a raw connection authenticated as `other-1` (token O1) and waits for CONNACK 0. */
async function connected(transport: 'tcp' | 'ws', version: 4 | 5 = 4): Promise<RawMqtt> {
  const raw = await openRawMqtt(broker, transport);
  raw.send(connectPacket(version, { username: 'O1' }));
  const ok = await raw.waitFor((b) => b.length >= 4);
  if (!ok || b0(raw) !== 0x20) throw new Error('no CONNACK');
  return raw;
}
const b0 = (raw: RawMqtt) => raw.received()[0];

/** What came back after the CONNACK. */
const afterConnack = (raw: RawMqtt, version: 4 | 5) =>
  raw.received().subarray(version === 5 ? 2 + (raw.received()[1] ?? 0) : 4);

const lastClose = () =>
  broker.hub.events.list({
    kinds: ['session_closed'],
    deviceId: broker.hub.devices.get('other-1').id,
  })[0]?.message ?? '';

describe.each(['tcp', 'ws'] as const)(
  'MQTT rules that MUST close the connection, over %s',
  (transport) => {
    it.each([
      ['invalid UTF-8 (0xFF)', Buffer.from([0x76, 0x31, 0xff])],
      ['a UTF-16 surrogate encoded as UTF-8', Buffer.from([0x76, 0xed, 0xa0, 0x80])],
      ['U+0000', Buffer.from([0x76, 0x31, 0x00])],
    ])('a PUBLISH topic with %s: no PUBACK, the connection closes', async (_what, topic) => {
      const raw = await connected(transport);
      raw.send(packet(0x32, str(topic), 0x00, 0x07, Buffer.from('{"a":1}')));
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(afterConnack(raw, 4)).toEqual(Buffer.alloc(0));
      await eventually(() =>
        expect(lastClose()).toMatch(/protocol violation: a string in PUBLISH/),
      );
    });

    it('a PUBLISH topic holding a real U+FFFD is well-formed: PUBACK as for any unknown topic', async () => {
      const raw = await connected(transport);
      raw.send(packet(0x32, str(Buffer.from('v1/\uFFFD')), 0x00, 0x07, Buffer.from('{"a":1}')));
      expect(await raw.waitFor((b) => b.includes(Buffer.from([0x40, 0x02, 0x00, 0x07])))).toBe(
        true,
      );
      expect(await raw.closedWithin(200)).toBe(false);
      raw.destroy();
    });

    it('a SUBSCRIBE filter with invalid UTF-8: no SUBACK, the connection closes', async () => {
      const raw = await connected(transport);
      raw.send(packet(0x82, 0x00, 0x05, str(Buffer.from([0x76, 0x31, 0xc3])), 0x01));
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(afterConnack(raw, 4)).toEqual(Buffer.alloc(0));
    });

    it('a will topic with invalid UTF-8: no CONNACK, the connection closes', async () => {
      const raw = await openRawMqtt(broker, transport);
      const bytes = connectPacket(4, {
        username: 'O1',
        will: { topic: 'w/XY', payload: Buffer.from('bye'), qos: 0, retain: false },
      });
      const at = bytes.indexOf('w/XY');
      bytes[at + 2] = 0xc0; // an overlong form
      bytes[at + 3] = 0x80;
      raw.send(bytes);
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(raw.received()).toEqual(Buffer.alloc(0));
    });

    it.each([
      ['PUBACK', packet(0x40, 0x00, 0x01, 0x00)],
      ['PUBREC', packet(0x50, 0x00, 0x01, 0x00)],
      ['PUBREL', packet(0x62, 0x00, 0x01, 0x00)],
      ['PUBCOMP', packet(0x70, 0x00, 0x01, 0x00)],
      ['PINGREQ', packet(0xc0, 0x00)],
      ['DISCONNECT', packet(0xe0, 0x00)],
    ])(
      'MQTT 3.1.1 %s with an extra byte: nothing answered, closed as a protocol violation',
      async (name, bytes) => {
        const raw = await connected(transport);
        raw.send(bytes);
        expect(await raw.closedWithin(2000)).toBe(true);
        expect(afterConnack(raw, 4)).toEqual(Buffer.alloc(0)); // e.g. no PINGRESP, no PUBCOMP
        await eventually(() =>
          expect(lastClose()).toMatch(new RegExp(`protocol violation: ${name} with \\d bytes`)),
        );
      },
    );

    it.each([
      [
        'a QoS 1 PUBLISH with packet identifier 0',
        packet(
          0x32,
          str(Buffer.from('v1/devices/me/telemetry')),
          0x00,
          0x00,
          Buffer.from('{"a":1}'),
        ),
        /protocol violation: PUBLISH QoS 1 with packet identifier 0/,
      ],
      [
        'an UNSUBSCRIBE without a topic filter',
        packet(0xa2, 0x00, 0x05),
        /protocol violation: UNSUBSCRIBE without a topic filter/,
      ],
    ])('%s: nothing answered, closed as a protocol violation', async (_what, bytes, why) => {
      const raw = await connected(transport);
      raw.send(bytes);
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(afterConnack(raw, 4)).toEqual(Buffer.alloc(0)); // no PUBACK, no UNSUBACK
      await eventually(() => expect(lastClose()).toMatch(why));
    });

    it('the same packets well-formed are accepted (PINGREQ gets its PINGRESP)', async () => {
      const raw = await connected(transport);
      raw.send(packet(0x40, 0x00, 0x01)); // PUBACK for an id we never used: ignored
      raw.send(packet(0xc0));
      expect(await raw.waitFor((b) => b.includes(Buffer.from([0xd0, 0x00])))).toBe(true);
      expect(await raw.closedWithin(200)).toBe(false);
      raw.destroy();
    });

    it('MQTT 5: a PUBACK with a reason code and a PINGREQ are fine; a PINGREQ with a byte closes', async () => {
      const raw = await connected(transport, 5);
      raw.send(packet(0x40, 0x00, 0x01, 0x10)); // 0x10: no matching subscribers
      raw.send(packet(0xc0));
      expect(await raw.waitFor((b) => b.includes(Buffer.from([0xd0, 0x00])))).toBe(true);
      raw.send(packet(0xc0, 0x00));
      expect(await raw.closedWithin(2000)).toBe(true);
    });

    it.each([6, 2, 0x84])(
      'spec §1.4: a CONNECT with protocol level %i gets CONNACK 0x01, then the close',
      async (level) => {
        const raw = await openRawMqtt(broker, transport);
        const bytes = connectPacket(4, { username: 'O1' });
        expect(bytes.subarray(4, 8).toString()).toBe('MQTT');
        bytes[8] = level;
        raw.send(bytes);
        expect(await raw.closedWithin(2000)).toBe(true);
        expect(raw.received()).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x01]));
        expect(broker.hub.events.list({ kinds: ['auth_failed'] })[0]?.message).toContain(
          `unsupported protocol level ${String(level)}`,
        );
      },
    );

    it('MQTT 3.1.1: an empty client id with CleanSession 0 gets CONNACK 0x02 [MQTT-3.1.3-8]', async () => {
      const raw = await openRawMqtt(broker, transport);
      raw.send(connectWithoutClean(4, ''));
      expect(await raw.closedWithin(2000)).toBe(true);
      expect(raw.received()).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x02]));
      expect(broker.hub.events.list({ kinds: ['auth_failed'] })[0]?.message).toContain('0x02');
    });

    it('MQTT 3.1.1: a client id with CleanSession 0, and MQTT 5 with an empty one, are accepted (session-present 0)', async () => {
      for (const [version, clientId] of [
        [4, 'keeps-nothing'],
        [5, ''],
      ] as const) {
        const raw = await openRawMqtt(broker, transport);
        raw.send(connectWithoutClean(version, clientId));
        expect(await raw.waitFor((b) => b.length >= 4)).toBe(true);
        expect(raw.received().subarray(0, 4)).toEqual(
          version === 4 ? CONNACK_OK : Buffer.from([0x20, raw.received()[1] ?? 0, 0x00, 0x00]),
        );
        raw.destroy();
      }
    });
  },
);

describe('spec §1.5/§1.1: an MQTT 5 provision session publishing elsewhere', () => {
  it.each(['tcp', 'ws'] as const)(
    '%s: PUBACK with reason 0x90, then the close',
    async (transport) => {
      const c = await connectDevice(broker, transport, 5, { username: 'provision' });
      await c.publish('v1/devices/me/telemetry', '{"a":1}').catch(() => undefined);
      await c.closed;
      const puback = c.packets.find((p) => p.cmd === 'puback');
      expect(puback).toMatchObject({ cmd: 'puback', reasonCode: 0x90 });
    },
  );
});
