import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { newDevice, testBytes, upload } from './support/ota-fixtures.ts';
import { openRawMqtt, type RawMqtt } from './support/raw-socket.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

const v5 = { protocolVersion: 5 } as const;

/** Every whole MQTT 5 packet in `bytes`. */
function packets(bytes: Buffer): mqttPacket.Packet[] {
  const parser = mqttPacket.parser(v5);
  const out: mqttPacket.Packet[] = [];
  parser.on('packet', (p: mqttPacket.Packet) => out.push(p));
  parser.parse(bytes);
  return out;
}

/** A raw MQTT 5 device that announced `maximumPacketSize` (none: no limit), subscribed to `filters`. */
async function device(
  transport: 'tcp' | 'ws',
  token: string,
  maximumPacketSize: number | undefined,
  filters: string[],
): Promise<RawMqtt> {
  const raw = await openRawMqtt(broker, transport);
  raw.send(
    mqttPacket.generate(
      {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 5,
        clean: true,
        clientId: '',
        keepalive: 60,
        username: token,
        ...(maximumPacketSize === undefined ? {} : { properties: { maximumPacketSize } }),
      },
      v5,
    ),
  );
  raw.send(
    mqttPacket.generate(
      {
        cmd: 'subscribe',
        messageId: 1,
        subscriptions: filters.map((topic) => ({ topic, qos: 1 as const })),
      },
      v5,
    ),
  );
  await raw.waitFor((b) => packets(b).some((p) => p.cmd === 'suback'));
  return raw;
}

const published = (raw: RawMqtt) =>
  packets(raw.received()).filter((p): p is mqttPacket.IPublishPacket => p.cmd === 'publish');

describe.each(['tcp', 'ws'] as const)(
  'MQTT 5 Maximum Packet Size from CONNECT is respected [MQTT-3.1.2-24], over %s',
  (transport) => {
    it('a shared-attribute push larger than the client allows is not sent; an event says why; smaller ones arrive', async () => {
      const d = await newDevice(broker, `mps-${transport}`);
      const raw = await device(transport, d.token, 64, ['v1/devices/me/attributes']);
      const save = (values: object) =>
        broker.hub.attributes.save(d.id, 'SHARED', broker.hub.attributes.toEntries(values));
      await save({ big: 'x'.repeat(200) });
      await eventually(() =>
        expect(broker.hub.events.list({ deviceId: d.id, kinds: ['dropped'] })[0]?.message).toMatch(
          /PUBLISH to v1\/devices\/me\/attributes \(\d+ bytes\) not sent: the client's Maximum Packet Size is 64 bytes/,
        ),
      );
      await save({ s: 1 });
      await raw.waitFor((b) => packets(b).some((p) => p.cmd === 'publish'));
      const pushes = published(raw);
      expect(pushes.map((p) => p.payload.toString())).toEqual(['{"s":1}']);
      expect(raw.received().length).toBeLessThan(64 * 3); // CONNACK, SUBACK, one small push
      raw.destroy();
    });

    it('without a Maximum Packet Size the same push arrives', async () => {
      const d = await newDevice(broker, `mps-none-${transport}`);
      const raw = await device(transport, d.token, undefined, ['v1/devices/me/attributes']);
      await broker.hub.attributes.save(
        d.id,
        'SHARED',
        broker.hub.attributes.toEntries({ big: 'x'.repeat(200) }),
      );
      expect(await raw.waitFor((b) => packets(b).some((p) => p.cmd === 'publish'))).toBe(true);
      raw.destroy();
    });

    it('an OTA chunk that cannot fit: PAYLOAD_TOO_LARGE on v2/fw/error, no PUBACK, the close, an ota_error event', async () => {
      const d = await newDevice(broker, `mps-ota-${transport}`);
      const pkg = await upload(broker, testBytes(2000));
      await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
      const raw = await device(transport, d.token, 300, [
        'v2/fw/response/+/chunk/+',
        'v2/fw/error',
      ]);
      const request = (chunk: number, size: string) =>
        mqttPacket.generate(
          {
            cmd: 'publish',
            topic: `v2/fw/request/7/chunk/${String(chunk)}`,
            payload: Buffer.from(size),
            qos: 1,
            messageId: 10 + chunk,
            retain: false,
            dup: false,
          },
          v5,
        );
      raw.send(request(0, '200')); // fits: 200 bytes in a packet of about 230
      await raw.waitFor((b) => published(raw).length > 0 && b.length > 0);
      expect(published(raw)[0]?.payload).toEqual(testBytes(2000).subarray(0, 200));

      raw.send(request(1, '500')); // a 500-byte chunk cannot fit 300
      expect(await raw.closedWithin(3000)).toBe(true);
      const last = published(raw).at(-1);
      expect(last?.topic).toBe('v2/fw/error');
      expect(last?.payload.toString()).toBe('PAYLOAD_TOO_LARGE');
      const acks = packets(raw.received()).filter((p) => p.cmd === 'puback');
      expect(acks.map((p) => p.messageId)).toEqual([10]); // the refused request got none
      expect(broker.hub.events.list({ deviceId: d.id, kinds: ['ota_error'] })[0]?.message).toMatch(
        /PAYLOAD_TOO_LARGE: a chunk of 500 bytes does not fit the client's Maximum Packet Size \(300 bytes\)/,
      );
    });
  },
);

describe('the size check matches the encoded packet exactly', () => {
  /** The chunk reply as the broker encodes it (QoS 1, no properties). */
  const replySize = (chunkBytes: number) =>
    mqttPacket.generate(
      {
        cmd: 'publish',
        topic: 'v2/fw/response/3/chunk/0',
        payload: Buffer.alloc(chunkBytes),
        qos: 1,
        messageId: 1,
        retain: false,
        dup: false,
      },
      v5,
    ).length;

  it.each([
    ['exactly the limit: sent', 0, 'chunk'],
    ['one byte over: PAYLOAD_TOO_LARGE', -1, 'error'],
  ])('a chunk reply of %s', async (_label, slack, expected) => {
    const d = await newDevice(broker, 'mps-edge');
    await broker.hub.ota.assign((await upload(broker, testBytes(1000))).id, { deviceId: d.id });
    const limit = replySize(150) + slack;
    const raw = await device('tcp', d.token, limit, ['v2/fw/response/+/chunk/+', 'v2/fw/error']);
    raw.send(
      mqttPacket.generate(
        {
          cmd: 'publish',
          topic: 'v2/fw/request/3/chunk/0',
          payload: Buffer.from('150'),
          qos: 1,
          messageId: 5,
          retain: false,
          dup: false,
        },
        v5,
      ),
    );
    await raw.waitFor(() => published(raw).length > 0);
    const reply = published(raw)[0];
    expect(reply?.topic).toBe(expected === 'chunk' ? 'v2/fw/response/3/chunk/0' : 'v2/fw/error');
    raw.destroy();
  });
});
