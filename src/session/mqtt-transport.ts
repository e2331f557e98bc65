import mqtt from 'mqtt';
import type { Packet } from 'mqtt';

import {
  publishAcked,
  refusalCode,
  subscribeAcked,
  unsubscribeAcked,
} from '@/client/adapters/mqtt-js-calls.ts';

import type { OpenTransport, WirePacket } from './transport.ts';

/** The MQTT.js packet as the console's {@link WirePacket} (same field names; a structural view). */
function wire(packet: Packet): WirePacket {
  return packet as unknown as WirePacket;
}

/**
 * One attempt over MQTT.js (the console's only importer of 'mqtt', ADR 0003; the calls are shared
 * with the Node adapter, ADR 0007). Its own reconnect is off:
 * `MqttSession` owns the retry policy and the resubscription.
 */
export const openMqttTransport: OpenTransport = (options, handlers) => {
  let silenced = false;
  let connected = false;
  const client = mqtt.connect(options.url, {
    protocolVersion: options.protocolVersion,
    clientId: options.clientId,
    username: options.username,
    ...(options.password === undefined ? {} : { password: options.password }),
    clean: true,
    reconnectPeriod: 0,
    // The broker keeps no session state (spec §1.1): the session resubscribes itself.
    resubscribe: false,
    connectTimeout: options.connectTimeoutMs,
    // Listeners first, then CONNECT: so the packet log sees the CONNECT packet too.
    manualConnect: true,
  });
  client.on('connect', () => {
    connected = true;
    if (!silenced) handlers.connected();
  });
  client.on('error', (error) => {
    const code = refusalCode(error);
    if (silenced || connected || code === undefined) return;
    silenced = true;
    handlers.refused(code);
  });
  let disconnectReason: number | undefined;
  client.on('disconnect', (packet) => {
    disconnectReason = packet.reasonCode;
  });
  client.on('close', () => {
    if (silenced) return;
    silenced = true;
    handlers.closed(disconnectReason);
  });
  client.on('message', (topic, payload, packet) => {
    if (!silenced) handlers.message(topic, payload, packet.qos);
  });
  client.on('packetsend', (packet) => {
    if (!silenced) handlers.packet('out', wire(packet));
  });
  client.on('packetreceive', (packet) => {
    if (!silenced) handlers.packet('in', wire(packet));
  });

  client.connect();

  return {
    publish: (topic, payload, qos) => publishAcked(client, topic, payload, qos),
    subscribe: (filters) => subscribeAcked(client, filters),
    unsubscribe: (filters) => unsubscribeAcked(client, filters),
    end: async () => {
      silenced = true;
      await client.endAsync(!client.connected);
    },
  };
};
