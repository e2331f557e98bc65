import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import {
  checkParser,
  refusalKeepingCode,
  stopReading,
  takeOverAcknowledgement,
  tapPackets,
  TOUCHPOINT,
  type PacketVerdict,
} from '../aedes/aedes-internals.ts';

import {
  connectPacket,
  connectedPeer,
  installedVersions,
  openPeer,
  rawAedesPerTest,
  until,
} from './support/raw-aedes.ts';

/**
 * The private touchpoints of dev-broker/aedes/aedes-internals.ts, each pinned against the installed
 * aedes and mqtt-packet on a bare aedes (none of the dev broker). A failure names the touchpoint;
 * ADR 0009 says what it is for and what would replace it. The public behaviours the adapter relies
 * on are pinned in aedes-public-contract.test.ts.
 */
const versions = installedVersions();

const start = rawAedesPerTest();

/** A packet from its first byte and its body (remaining length < 128). */
const raw = (first: number, ...body: (number | Buffer)[]): Buffer => {
  const bytes = Buffer.concat(body.map((b) => (typeof b === 'number' ? Buffer.from([b]) : b)));
  return Buffer.concat([Buffer.from([first, bytes.length]), bytes]);
};
/** A length-prefixed MQTT string made of these exact bytes. */
const str = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([0, bytes.length]), bytes]);

describe(`private touchpoints (${versions})`, () => {
  it(`${TOUCHPOINT.parserTap}: a tapped SUBSCRIBE is seen before aedes handles it, and the change reaches the SUBACK`, async () => {
    const order: string[] = [];
    const aedes = await start(
      {
        authorizeSubscribe: (_client, sub, done) => {
          order.push(`authorizeSubscribe ${sub.topic}`);
          done(null, sub);
        },
      },
      (client) => {
        tapPackets(client, (packet) => {
          if (packet.cmd !== 'subscribe') return;
          order.push('tap');
          for (const sub of packet.subscriptions) sub.qos = 1;
        });
      },
    );
    const peer = await connectedPeer(aedes.port, 4);
    peer.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 2 }] });
    await peer.waitFor('suback');
    const suback = peer.packets().find((p) => p.cmd === 'suback');
    expect(
      { order, granted: suback?.cmd === 'suback' ? suback.granted : null },
      `touchpoint ${TOUCHPOINT.parserTap}: the tap no longer runs before aedes handles a SUBSCRIBE, or its change no longer reaches the SUBACK`,
    ).toEqual({ order: ['tap', 'authorizeSubscribe a'], granted: [1] });
  });

  it.each([
    [4, 0x80],
    [5, 0x8f],
  ] as const)(
    `${TOUCHPOINT.grantedCode}: v%i, a refusal code the tap set survives authorizeSubscribe (SUBACK %i)`,
    async (version, code) => {
      const aedes = await start(
        {
          authorizeSubscribe: (_client, sub, done) => {
            done(null, version === 5 ? refusalKeepingCode(sub) : null);
          },
        },
        (client) => {
          tapPackets(client, (packet) => {
            if (packet.cmd !== 'subscribe') return;
            for (const sub of packet.subscriptions) (sub as { qos: number }).qos = code;
          });
        },
      );
      const peer = await connectedPeer(aedes.port, version);
      peer.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'refused', qos: 1 }] });
      await peer.waitFor('suback');
      const suback = peer.packets().find((p) => p.cmd === 'suback');
      expect(
        suback?.cmd === 'suback' ? suback.granted : null,
        `touchpoint ${TOUCHPOINT.grantedCode}: the SUBACK no longer carries the code set on the SUBSCRIBE before authorizeSubscribe`,
      ).toEqual([code]);
    },
  );

  it.each([4, 5] as const)(
    `${TOUCHPOINT.ackTakeover}: v%i, no PUBACK for a flagged QoS 1 publish (an unflagged one gets its PUBACK)`,
    async (version) => {
      const aedes = await start({
        authorizePublish: (_client, packet, done) => {
          if (packet.topic === 'flagged') takeOverAcknowledgement(packet);
          done(null);
        },
      });
      const peer = await connectedPeer(aedes.port, version);
      const publish = (topic: string, messageId: number) =>
        ({
          cmd: 'publish',
          topic,
          payload: 'x',
          qos: 1,
          messageId,
          retain: false,
          dup: false,
        }) as const;
      // aedes writes its PUBACK as it handles the PUBLISH, before it handles the PINGREQ behind it
      peer.send(publish('flagged', 1), { cmd: 'pingreq' });
      await peer.waitFor('pingresp');
      peer.send(publish('plain', 2), { cmd: 'pingreq' });
      await peer.waitFor('pingresp', 2);
      const acked = peer.packets().flatMap((p) => (p.cmd === 'puback' ? [p.messageId] : []));
      expect(
        acked,
        `touchpoint ${TOUCHPOINT.ackTakeover}: aedes no longer skips its PUBACK for a flagged publish`,
      ).toEqual([2]);
    },
  );

  it(`${TOUCHPOINT.ackTakeover}: a flagged publish is not routed (the published hook sees only the unflagged one)`, async () => {
    const routed: string[] = [];
    const aedes = await start({
      authorizePublish: (_client, packet, done) => {
        if (packet.topic === 'flagged') takeOverAcknowledgement(packet);
        done(null);
      },
      published: (packet, _client, done) => {
        if (!packet.topic.startsWith('$SYS')) routed.push(packet.topic);
        done(null);
      },
    });
    const peer = await connectedPeer(aedes.port, 4);
    const publish = (topic: string) =>
      ({ cmd: 'publish', topic, payload: 'x', qos: 0, retain: false, dup: false }) as const;
    peer.send(publish('flagged'), publish('plain'));
    await until(() => routed.includes('plain'));
    expect(routed, `touchpoint ${TOUCHPOINT.ackTakeover}: aedes routes a flagged publish`).toEqual([
      'plain',
    ]);
  });

  it(`${TOUCHPOINT.stopReading}: after pause() bytes that arrive stay unread (no PINGRESP)`, async () => {
    let pings = 0;
    const aedes = await start({});
    aedes.broker.on('ping', () => pings++);
    const peer = await connectedPeer(aedes.port, 4);
    // aedes resumes reading itself once the connect is done; a PINGRESP shows it is
    peer.send({ cmd: 'pingreq' });
    await peer.waitFor('pingresp');
    const client = aedes.clients[0] as Client;
    stopReading(client);
    peer.send({ cmd: 'pingreq' });
    // the PINGREQ is in the server socket's buffer, where aedes' read loop left it
    const buffered = await until(() => client.conn.readableLength >= 2);
    expect(
      { buffered, pings, replies: peer.packets().length },
      `touchpoint ${TOUCHPOINT.stopReading}: aedes read from a paused client`,
    ).toEqual({ buffered: true, pings: 1, replies: 2 });
  });
});

describe(`${TOUCHPOINT.parserSteps}: checks inside mqtt-packet's parser (${versions})`, () => {
  /** A bare aedes whose clients' parsers run `string` / `packet` checks; records clientErrors. */
  async function withChecks(checks: {
    string?: (text: string, raw: Buffer, cmd: string) => Error | null;
    packet?: (cmd: string, length: number, level: number, v5: boolean) => PacketVerdict;
  }) {
    const errors: Error[] = [];
    const authorized: string[] = [];
    const aedes = await start(
      {
        authorizePublish: (_client, packet, done) => {
          authorized.push(packet.topic);
          done(null);
        },
      },
      (client) => {
        checkParser(client, {
          string: (text, rawBytes, cmd) => checks.string?.(text, rawBytes(), cmd) ?? null,
          packet: (cmd, length, body, v5) =>
            checks.packet?.(cmd, length, cmd === 'connect' ? body.readUInt8(6) : -1, v5) ?? null,
        });
      },
    );
    aedes.broker.on('clientError', (_client, error) => errors.push(error));
    aedes.broker.on('connectionError', (_client, error) => errors.push(error));
    return { errors, authorized, port: aedes.port };
  }

  it('a decoded string comes with its bytes as received; an Error fails the packet before aedes sees it', async () => {
    const seen: { text: string; raw: string; cmd: string }[] = [];
    const refusal = new Error('refused by the string check');
    const { errors, authorized, port } = await withChecks({
      string(text, rawBytes, cmd) {
        seen.push({ text, raw: rawBytes.toString('hex'), cmd });
        return text.startsWith('bad') ? refusal : null;
      },
    });
    const peer = await connectedPeer(port, 4, { clientId: 'c1' });
    peer.conn.write(raw(0x30, str(Buffer.from([0x62, 0x61, 0x64, 0xff])), Buffer.from('x')));
    const closed = await peer.conn.closedWithin(5000);
    // mqtt-packet then fails the packet itself too ('Cannot parse topic'); the first error is ours
    expect(
      { seen, closed, firstError: errors[0], authorized },
      `touchpoint ${TOUCHPOINT.parserSteps}: _parseString is no longer wrapped as expected`,
    ).toEqual({
      seen: [
        { text: 'MQTT', raw: '4d515454', cmd: 'connect' },
        { text: 'c1', raw: '6331', cmd: 'connect' },
        { text: 'bad\uFFFD', raw: '626164ff', cmd: 'publish' },
      ],
      closed: true,
      firstError: refusal,
      authorized: [],
    });
  });

  it.each([4, 5] as const)(
    'v%i: a complete packet is checked before it is decoded; fail closes, with that error',
    async (version) => {
      const checked: string[] = [];
      const violation = new Error('refused by the packet check');
      const { errors, port } = await withChecks({
        packet(cmd, length, _level, v5) {
          checked.push(`${cmd} ${String(length)} v5=${String(v5)}`);
          return cmd === 'pingreq' && length > 0 ? { fail: violation } : null;
        },
      });
      const peer = await connectedPeer(port, version);
      peer.send({ cmd: 'pingreq' });
      await peer.waitFor('pingresp');
      peer.conn.write(raw(0xc0, 0x00)); // a PINGREQ with one byte after the fixed header
      const closed = await peer.conn.closedWithin(5000);
      const v5 = String(version === 5);
      expect(
        { checked: checked.slice(1), closed, errors },
        `touchpoint ${TOUCHPOINT.parserSteps}: _parsePayload is no longer wrapped as expected`,
      ).toEqual({
        checked: [`pingreq 0 v5=${v5}`, `pingreq 1 v5=${v5}`],
        closed: true,
        errors: [violation],
      });
    },
  );

  it('stop ends the parse silently: no error event and no CONNACK for that CONNECT', async () => {
    const levels: number[] = [];
    const { errors, port } = await withChecks({
      packet(cmd, _length, level) {
        if (cmd !== 'connect') return null;
        levels.push(level);
        return level === 6 ? { stop: new Error('level 6') } : null;
      },
    });
    const peer = await openPeer(port, 4);
    const connect = connectPacket(4);
    const bytes = mqttPacket.generate(connect, { protocolVersion: 4 });
    bytes[8] = 6; // protocol level (after the 2-byte header and the 6-byte protocol name)
    peer.conn.write(bytes);
    // the check runs inside the parse of those bytes; an 'error' would be emitted in the same call
    await until(() => levels.length > 0);
    expect(
      { levels, errors, replies: peer.conn.received().length },
      `touchpoint ${TOUCHPOINT.parserSteps}: a stopped parse no longer stays silent`,
    ).toEqual({ levels: [6], errors: [], replies: 0 });
  });
});
