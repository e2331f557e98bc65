import type { Packet } from 'mqtt';

import { outboundTopic } from '../../../src/protocol/topics.ts';
import type { DevBroker } from '../../main.ts';

import { connectDevice, type TestClient, type Transport, type Version } from './mqtt-client.ts';

/** Creates a device with a token and connects it (fault injection tests). */
export async function faultDevice(
  broker: DevBroker,
  name: string,
  transport: Transport = 'tcp',
  version: Version = 4,
): Promise<TestClient> {
  return connectDevice(broker, transport, version, { username: await ensureDevice(broker, name) });
}

/** Creates the device `name` with the token `TOK-{name}` unless it exists; returns the token. */
export async function ensureDevice(broker: DevBroker, name: string): Promise<string> {
  const token = `TOK-${name}`;
  if (!broker.hub.devices.find(name))
    await broker.hub.devices.create({ name, credentials: { type: 'ACCESS_TOKEN', token } });
  return token;
}

/** Publishes telemetry at QoS 1 without waiting; resolves with the packet id MQTT.js used. */
export function publishTelemetry(c: TestClient, payload: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const onSend = (p: Packet) => {
      if (p.cmd !== 'publish' || p.messageId === undefined) return;
      c.client.off('packetsend', onSend);
      resolve(p.messageId);
    };
    c.client.on('packetsend', onSend);
    c.client.once('close', () => reject(new Error('closed before the publish was sent')));
    c.client.publish(
      outboundTopic.telemetry(),
      JSON.stringify(payload),
      { qos: 1 },
      () => undefined,
    );
  });
}

/** The PUBACK packet ids received so far, in order. */
export const pubackIds = (c: TestClient): number[] =>
  c.packets.flatMap((p) => (p.cmd === 'puback' && p.messageId !== undefined ? [p.messageId] : []));

/** Resolves with the PUBACK of packet id `id` (already received or next); rejects on close or after 5 s. */
export function puback(c: TestClient, id: number): Promise<Packet> {
  const found = c.packets.find((p) => p.cmd === 'puback' && p.messageId === id);
  if (found) return Promise.resolve(found);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no PUBACK for ${String(id)} within 5 s`)),
      5000,
    );
    const onPacket = (p: Packet) => {
      if (p.cmd === 'puback' && p.messageId === id) finish(null, p);
    };
    const onClose = () => finish(new Error(`closed before the PUBACK of ${String(id)}`));
    function finish(error: Error | null, packet?: Packet) {
      clearTimeout(timer);
      c.client.off('packetreceive', onPacket);
      c.client.off('close', onClose);
      if (packet) resolve(packet);
      else reject(error ?? new Error('no PUBACK'));
    }
    c.client.on('packetreceive', onPacket);
    c.client.once('close', onClose);
  });
}

/**
 * A marker round trip: publishes telemetry and waits for its PUBACK. PUBACKs leave in arrival order,
 * so any PUBACK of an earlier publish that was going to be sent has arrived once this resolves.
 */
export async function markerRoundTrip(c: TestClient): Promise<number> {
  const id = await publishTelemetry(c, { marker: true });
  await puback(c, id);
  return id;
}
