import type { SessionStore } from '@/session/session-store.ts';

/**
 * The part of the session that request/response features need, as a structural type: the app's
 * `MqttSession` satisfies it, and unit tests pass a small fake (src/testing/fake-channel.ts).
 */

/** One PUBLISH the broker sent to this client. */
export interface ChannelMessage {
  topic: string;
  payload: Uint8Array;
  /** The payload decoded as UTF-8. */
  text: string;
  /** `Date.now()` when it arrived. */
  receivedAt: number;
}

/** What a publish resolved with: the PUBACK round trip (null at QoS 0) and any MQTT 5 reason code. */
export interface PublishOutcome {
  latencyMs: number | null;
  reasonCode?: number | undefined;
}

export type ChannelQos = 0 | 1;

/** Publish, subscribe and listen, as `MqttSession` offers them. */
export interface DeviceChannel {
  /** Resolves on PUBACK (QoS 1) or once written (QoS 0); rejects in plain words when disconnected. */
  publish(
    topic: string,
    payload: string | Uint8Array,
    opts?: { qos?: ChannelQos },
  ): Promise<PublishOutcome>;
  /** Resolves with the granted QoS per filter (0x80 / 0x8F when refused). */
  subscribe(filters: Record<string, ChannelQos>): Promise<number[]>;
  /** Removes filters; they are no longer re-subscribed after a reconnect. */
  unsubscribe(filters: string[]): Promise<unknown>;
  /** A fresh id for `…/request/{id}` topics, unique within the session (shared by all panels). */
  nextRequestId(): number;
  /** Calls `listener` for every inbound PUBLISH; returns the function that stops it. */
  onMessage(listener: (message: ChannelMessage) => void): () => void;
}

/** A channel that also tells its connection status (the session's vanilla store). */
export interface LiveChannel extends DeviceChannel {
  readonly store: SessionStore;
}
