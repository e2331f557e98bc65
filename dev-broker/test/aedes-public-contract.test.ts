import type { Client } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';

import { tapPackets } from '../aedes/aedes-internals.ts';
import { pubackObservingPersistence } from '../aedes/puback-persistence.ts';

import {
  connectPacket,
  connectedPeer,
  installedVersions,
  openPeer,
  rawAedesPerTest,
  until,
  type MqttPeer,
} from './support/raw-aedes.ts';

/**
 * Public hooks, options and events of aedes whose exact behaviour the adapter relies on beyond
 * what their types say (ADR 0009), pinned on a bare aedes. A failure names the reliance.
 */
const versions = installedVersions();

const start = rawAedesPerTest();

const publish = (topic: string, qos: 0 | 1 = 0, messageId?: number): mqttPacket.IPublishPacket => ({
  cmd: 'publish',
  topic,
  payload: 'x',
  qos,
  retain: false,
  dup: false,
  ...(messageId === undefined ? {} : { messageId }),
});

/** Waits for a PINGRESP to a fresh PINGREQ: aedes has handled everything sent before it. */
async function roundTrip(peer: MqttPeer): Promise<boolean> {
  const before = peer.packets().filter((p) => p.cmd === 'pingresp').length;
  peer.send({ cmd: 'pingreq' });
  return peer.waitFor('pingresp', before + 1);
}

const sessionPresent = (peer: MqttPeer) => {
  const connack = peer.packets().find((p) => p.cmd === 'connack');
  return connack?.cmd === 'connack' ? connack.sessionPresent : undefined;
};

describe(`public behaviour the adapter relies on (${versions})`, () => {
  it('preConnect-mutation: a CONNECT changed in preConnect is what aedes acts on (clean session, no will)', async () => {
    let adjust = false;
    const authorized: string[] = [];
    const aedes = await start({
      preConnect(_client, packet, done) {
        if (adjust) {
          packet.clean = true;
          delete packet.will;
        }
        done(null, true);
      },
      authorizePublish(_client, packet, done) {
        authorized.push(packet.topic);
        done(null);
      },
    });
    const port = aedes.port;
    const will = (topic: string) =>
      ({ topic, payload: Buffer.from('gone'), qos: 0, retain: false }) as const;
    const session = { clientId: 'p', clean: false };
    const dropped = async (peer: MqttPeer) => {
      const gone = new Promise((resolve) => aedes.broker.once('clientDisconnect', resolve));
      peer.conn.destroy(); // no DISCONNECT: aedes publishes the will, if any, before this event
      await gone;
    };
    const first = await connectedPeer(port, 4, session);
    first.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'x', qos: 1 }] });
    await first.waitFor('suback');
    await dropped(first);
    // as sent: the stored session is resumed and the will is published
    const resumed = await connectedPeer(port, 4, { ...session, will: will('will-as-sent') });
    await dropped(resumed);
    adjust = true;
    const adjusted = await connectedPeer(port, 4, { ...session, will: will('will-dropped') });
    await dropped(adjusted);
    expect(
      {
        sessionPresent: [sessionPresent(resumed), sessionPresent(adjusted)],
        wills: authorized,
      },
      'public contract preConnect-mutation: aedes no longer acts on the CONNECT as preConnect left it',
    ).toEqual({ sessionPresent: [true, false], wills: ['will-as-sent'] });
  });

  it('preConnect-first: preConnect has run when the tap sees a SUBSCRIBE sent in the same write as CONNECT', async () => {
    const order: string[] = [];
    const aedes = await start(
      {
        preConnect(_client, _packet, done) {
          order.push('preConnect');
          done(null, true);
        },
      },
      (client) => {
        tapPackets(client, (packet) => {
          if (packet.cmd === 'subscribe') order.push('tap SUBSCRIBE');
        });
      },
    );
    const peer = await openPeer(aedes.port, 4);
    peer.send(connectPacket(4), {
      cmd: 'subscribe',
      messageId: 1,
      subscriptions: [{ topic: 'a', qos: 1 }],
    });
    await peer.waitFor('suback');
    expect(
      order,
      'public contract preConnect-first: a SUBSCRIBE pipelined after CONNECT reaches the tap before preConnect',
    ).toEqual(['preConnect', 'tap SUBSCRIBE']);
  });

  it('read-gating: while authorizePublish callbacks of a read are held, aedes reads no more; calling them resumes reading', async () => {
    const authorized: string[] = [];
    const held: (() => void)[] = [];
    const aedes = await start({
      authorizePublish(_client, packet, done) {
        authorized.push(packet.topic);
        held.push(() => done(null));
      },
    });
    const peer = await connectedPeer(aedes.port, 4);
    await roundTrip(peer);
    const client = aedes.clients[0] as Client;
    peer.send(publish('a1'), publish('a2'), publish('a3')); // one write, one read
    await until(() => authorized.length === 3);
    peer.send(publish('b'));
    const buffered = await until(() => client.conn.readableLength > 0);
    expect(
      { buffered, authorized: [...authorized] },
      'public contract read-gating: aedes read on while authorizePublish callbacks were held',
    ).toEqual({ buffered: true, authorized: ['a1', 'a2', 'a3'] });
    for (const release of held.splice(0)) release();
    expect(
      await until(() => authorized.includes('b')),
      'public contract read-gating: aedes did not read again once the held callbacks were called',
    ).toBe(true);
  });

  it('puback-persistence: every client PUBACK reaches persistence.outgoingClearMessageId, in order, and aedes awaits its promise', async () => {
    const acks: { client: Client; messageId: number }[] = [];
    const aedes = await start({
      persistence: pubackObservingPersistence((client, messageId) => {
        acks.push({ client, messageId });
      }),
    });
    const peer = await connectedPeer(aedes.port, 4);
    peer.send({ cmd: 'puback', messageId: 7 }, { cmd: 'puback', messageId: 9 }, { cmd: 'pingreq' });
    await peer.waitFor('pingresp');
    // were the promises not awaited, the PUBACKs' handling would never end and aedes would stop reading
    const readOn = await roundTrip(peer);
    expect(
      {
        acks: acks.map((a) => a.messageId),
        sameClient: acks[0]?.client === aedes.clients[0],
        readOn,
      },
      'public contract puback-persistence: client PUBACKs no longer reach the persistence as expected',
    ).toEqual({ acks: [7, 9], sameClient: true, readOn: true });
  });

  it('forward-none: with authorizeForward returning null, aedes writes no PUBLISH to a client', async () => {
    const aedes = await start({ authorizeForward: () => null });
    const peer = await connectedPeer(aedes.port, 5);
    peer.send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 't', qos: 1 }] });
    await peer.waitFor('suback');
    const broker = aedes.broker;
    // the callback runs once every subscriber has been served (or skipped)
    await new Promise<void>((resolve) => {
      broker.publish({ ...publish('t', 1), cmd: 'publish' }, () => resolve());
    });
    await roundTrip(peer);
    expect(
      peer.packets().filter((p) => p.cmd === 'publish'),
      'public contract forward-none: aedes wrote a PUBLISH of its own (its packet ids would mix with ours)',
    ).toEqual([]);
  });

  it("error-shapes: aedes' CONNACK refusal carries errorCode; an oversized packet is 'packet too large'", async () => {
    const connectionErrors: Error[] = [];
    const clientErrors: Error[] = [];
    const aedes = await start({ maximumPacketSize: 100 });
    aedes.broker.on('connectionError', (_client, error) => connectionErrors.push(error));
    aedes.broker.on('clientError', (_client, error) => clientErrors.push(error));
    const refused = await openPeer(aedes.port, 4);
    const bytes = mqttPacket.generate(connectPacket(4, { clientId: '' }), { protocolVersion: 4 });
    bytes[9] = (bytes[9] ?? 0) & ~0x02; // connect flags: CleanSession 0 with an empty client id
    refused.conn.write(bytes);
    await refused.waitFor('connack');
    const big = await connectedPeer(aedes.port, 4);
    big.send({ ...publish('big'), payload: 'x'.repeat(200) });
    await big.conn.closedWithin(5000);
    expect(
      {
        errorCode: (connectionErrors[0] as (Error & { errorCode?: number }) | undefined)?.errorCode,
        tooLarge: clientErrors.map((e) => e.message),
      },
      'public contract error-shapes: recordConnackRefusal / the payload_too_large event read these',
    ).toEqual({ errorCode: 2, tooLarge: ['packet too large'] });
  });
});
