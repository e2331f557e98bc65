/**
 * The port every client of this layer speaks through (ADR 0007): two methods, `publish` and
 * `onMessage`, plus `subscribe` for the pushes a broker sends only once a filter is subscribed
 * (spec §3: shared-attribute updates, server-side RPCs; the operator API's events). The console's
 * `MqttSession` is one implementation, `adapters/mqtt-node.ts` (MQTT.js) another, tests use
 * `testing/fake-port.ts`. Nothing here knows about a transport, React, the DOM or Node.
 */

/** QoS levels the device API uses (spec §3: the broker grants at most 1). */
export type Qos = 0 | 1;

/** One PUBLISH the broker sent to this connection. */
export interface PortMessage {
  topic: string;
  payload: Uint8Array;
  /** The payload decoded as UTF-8 (invalid bytes become U+FFFD). */
  text: string;
  /** Unix ms when it arrived. */
  receivedAt: number;
}

/** How a publish went: the PUBACK round trip (null at QoS 0) and the MQTT 5 PUBACK reason code, if any. */
export interface PublishOutcome {
  latencyMs: number | null;
  /** MQTT 5 only: absent or 0 is success; 0x90 unknown topic, 0x99 invalid payload (spec §4). */
  reasonCode?: number | undefined;
}

export interface PublishOptions {
  qos?: Qos;
}

/** The two methods a client needs to send and receive. */
export interface ClientPort {
  /**
   * Resolves on the PUBACK (QoS 1) or once written (QoS 0); an MQTT 5 failure reason code resolves
   * with `reasonCode`. Rejects when the message could not be sent (not connected, connection lost).
   */
  publish(
    topic: string,
    payload: string | Uint8Array,
    options?: PublishOptions,
  ): Promise<PublishOutcome>;
  /** Calls `listener` for every inbound PUBLISH; returns the function that removes it. */
  onMessage(listener: (message: PortMessage) => void): () => void;
}

/** A port that can also subscribe: resolves with the SUBACK code per filter (0x80 and up: refused). */
export interface SubscribingPort extends ClientPort {
  subscribe(filters: Readonly<Record<string, Qos>>): Promise<number[]>;
}

/** SUBACK codes of 0x80 and above are refusals ([MQTT-3.9.3], MQTT 5 reason codes). */
export const isGranted = (code: number): boolean => code < 0x80;
