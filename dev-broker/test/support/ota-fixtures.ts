import type { Packet } from 'mqtt';

import { outboundTopic, type OtaKind } from '../../../src/protocol/topics.ts';
import type { DevBroker } from '../../main.ts';
import type { OtaPackageRecord, OtaPackageType } from '../../storage/ota-store.ts';

import type { TestClient } from './mqtt-client.ts';

let seq = 0;

/** Deterministic, non-repeating-looking bytes: byte i of `seed`'s sequence. */
export function testBytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed * 2654435761;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A new device with its own access token (in profile `default` unless given). */
export async function newDevice(
  broker: DevBroker,
  prefix: string,
  profile?: string,
): Promise<{ id: string; name: string; token: string }> {
  const n = ++seq;
  const name = `${prefix}-${String(n)}`;
  const token = `OTA-${prefix}-${String(n)}`;
  const { device } = await broker.hub.devices.create({
    name,
    credentials: { type: 'ACCESS_TOKEN', token },
    ...(profile === undefined ? {} : { profile }),
  });
  return { id: device.id, name, token };
}

/** Uploads a package of `data` with a unique title. */
export function upload(
  broker: DevBroker,
  data: Uint8Array,
  options: { type?: OtaPackageType; tag?: string; version?: string } = {},
): Promise<OtaPackageRecord> {
  const n = ++seq;
  return broker.hub.ota.upload({
    title: `pkg-${String(n)}`,
    version: options.version ?? '1.0',
    type: options.type ?? 'FIRMWARE',
    data,
    ...(options.tag === undefined ? {} : { tag: options.tag }),
  });
}

export const requestTopic = (ota: OtaKind, reqId: number, chunk: number) =>
  outboundTopic.otaRequest(ota, reqId, chunk);
export const responseTopic = (ota: OtaKind, reqId: number, chunk: number) =>
  outboundTopic.otaChunk(ota, reqId, chunk);

/**
 * Publishes a chunk request and resolves with the chunk, after checking that the PUBACK of the request
 * came before the chunk (spec §4: the PUBACK first, then the answer).
 */
export async function requestChunk(
  c: TestClient,
  ota: OtaKind,
  reqId: number,
  chunk: number,
  size: string,
): Promise<Buffer> {
  const puback = await c.publish(requestTopic(ota, reqId, chunk), size);
  if (puback?.cmd !== 'puback') throw new Error('no PUBACK for the chunk request');
  const topic = responseTopic(ota, reqId, chunk);
  const message = await c.message(topic);
  const ackAt = c.packets.indexOf(puback);
  const chunkAt = c.packets.findIndex((p) => p.cmd === 'publish' && p.payload === message.payload);
  if (chunkAt < ackAt) throw new Error('the chunk arrived before the PUBACK');
  return message.payload;
}

/** How a publish ended: 'acked' (reason code 0), the MQTT 5 reason code of a refusal, or 'closed'. */
export function outcomeOf(
  publish: Promise<Packet | undefined>,
): Promise<'acked' | number | 'closed'> {
  return publish.then(
    () => 'acked' as const,
    (e: unknown) => (e as { code?: number }).code ?? 'closed',
  );
}
