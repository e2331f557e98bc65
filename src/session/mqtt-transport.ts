import mqtt from 'mqtt';
import type { IClientPublishOptions, Packet } from 'mqtt';

import type { OpenTransport, WirePacket } from './transport.ts';

function isRefusal(error: Error): error is Error & { code: number } {
  // MQTT.js reports CONNACK refusals as ErrorWithReasonCode (numeric `code`); socket errors
  // carry a string code or none, and are always followed by 'close'.
  return 'code' in error && typeof error.code === 'number' && error.code > 0;
}

type WireCodes = readonly (number | { qos: number })[];

function notSent(topic: string, error: Error): Error {
  return new Error(`Could not send the publish to ${topic}: ${error.message}`, { cause: error });
}

/** The MQTT.js packet as the console's {@link WirePacket} (same field names; a structural view). */
function wire(packet: Packet): WirePacket {
  return packet as unknown as WirePacket;
}

/**
 * One attempt over MQTT.js (the only importer of 'mqtt', ADR 0003). Its own reconnect is off:
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
    if (silenced || connected || !isRefusal(error)) return;
    silenced = true;
    handlers.refused(error.code);
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
    publish: (topic, payload, qos) =>
      new Promise((resolve, reject) => {
        const opts: IClientPublishOptions = { qos };
        // MQTT.js types say string | Buffer; its Buffer is a Uint8Array and mqtt-packet writes either.
        const body = payload as string;
        client.publish(topic, body, opts, (error, packet) => {
          const reasonCode =
            packet !== undefined && 'reasonCode' in packet ? packet.reasonCode : undefined;
          // MQTT 5 PUBACK with a failure reason code: acknowledged, not a send failure.
          if (error instanceof Error && reasonCode === undefined) reject(notSent(topic, error));
          else resolve(reasonCode === undefined ? {} : { reasonCode });
        });
      }),
    subscribe: (filters) =>
      new Promise((resolve, reject) => {
        const map = Object.fromEntries(Object.entries(filters).map(([f, qos]) => [f, { qos }]));
        client.subscribe(map, (error, _granted, packet) => {
          const codes = packet?.cmd === 'suback' ? (packet.granted as WireCodes) : undefined;
          if (codes === undefined) {
            reject(new Error(`The subscription was not sent: ${error?.message ?? 'no SUBACK'}`));
            return;
          }
          resolve(codes.map((code) => (typeof code === 'number' ? code : code.qos)));
        });
      }),
    unsubscribe: (filters) =>
      new Promise((resolve, reject) => {
        client.unsubscribe([...filters], (error) => {
          if (error instanceof Error)
            reject(new Error(`The unsubscribe was not sent: ${error.message}`));
          else resolve();
        });
      }),
    end: async () => {
      silenced = true;
      await client.endAsync(!client.connected);
    },
  };
};
