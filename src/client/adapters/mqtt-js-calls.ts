/**
 * MQTT.js calls as promises with the outcomes the port reports (ADR 0007), shared by the Node adapter
 * (`mqtt-node.ts`) and the console's transport (`src/session/mqtt-transport.ts`).
 */
import type { IClientPublishOptions, MqttClient } from 'mqtt';

import type { Qos } from '../port.ts';

type WireCodes = readonly (number | { qos: number })[];

/**
 * Sends a PUBLISH. Resolves once written (QoS 0) or on the PUBACK (QoS 1), with the MQTT 5 PUBACK
 * reason code when there is one, also a failure code such as 0x99 (acknowledged, not a send failure).
 * Rejects when MQTT.js could not send it.
 */
export function publishAcked(
  client: MqttClient,
  topic: string,
  payload: string | Uint8Array,
  qos: Qos,
): Promise<{ reasonCode?: number }> {
  return new Promise((resolve, reject) => {
    const options: IClientPublishOptions = { qos };
    // MQTT.js types say string | Buffer; its Buffer is a Uint8Array and mqtt-packet writes either.
    client.publish(topic, payload as string, options, (error, packet) => {
      const reasonCode =
        packet !== undefined && 'reasonCode' in packet ? packet.reasonCode : undefined;
      if (error instanceof Error && reasonCode === undefined) {
        reject(
          new Error(`Could not send the publish to ${topic}: ${error.message}`, { cause: error }),
        );
      } else resolve(reasonCode === undefined ? {} : { reasonCode });
    });
  });
}

/** Sends one SUBSCRIBE; resolves with the SUBACK codes in the order of `filters`. */
export function subscribeAcked(
  client: MqttClient,
  filters: Readonly<Record<string, Qos>>,
): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const map = Object.fromEntries(Object.entries(filters).map(([f, qos]) => [f, { qos }]));
    // MQTT.js reports refused entries of an MQTT 5 SUBACK as an error: the codes are what counts.
    client.subscribe(map, (error, _granted, packet) => {
      const codes = packet?.cmd === 'suback' ? (packet.granted as WireCodes) : undefined;
      if (codes === undefined) {
        reject(new Error(`The subscription was not sent: ${error?.message ?? 'no SUBACK'}`));
        return;
      }
      resolve(codes.map((code) => (typeof code === 'number' ? code : code.qos)));
    });
  });
}

/** Sends one UNSUBSCRIBE and resolves on the UNSUBACK. */
export function unsubscribeAcked(client: MqttClient, filters: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    client.unsubscribe([...filters], (error) => {
      if (error instanceof Error)
        reject(new Error(`The unsubscribe was not sent: ${error.message}`));
      else resolve();
    });
  });
}

/**
 * The CONNACK return code (3.1.1) or reason code (5) of a refusal MQTT.js reported as an error, or
 * undefined for a socket error (those carry a string code or none, and are followed by 'close').
 */
export function refusalCode(error: Error): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' && code > 0 ? code : undefined;
}
