import type { PortMessage, PublishOutcome, Qos, SubscribingPort } from '@/client/port.ts';
import type { SessionStore } from '@/session/session-store.ts';

/**
 * The part of the session that request/response features need: the client port of src/client
 * (ADR 0007) plus unsubscribe and the session's request ids. The app's `MqttSession` satisfies it,
 * and unit tests pass a small fake (src/testing/fake-channel.ts).
 */

/** One PUBLISH the broker sent to this client. */
export type ChannelMessage = PortMessage;

export type { PublishOutcome };

export type ChannelQos = Qos;

/** Publish, subscribe and listen, as `MqttSession` offers them. */
export interface DeviceChannel extends SubscribingPort {
  /** Removes filters; they are no longer re-subscribed after a reconnect. */
  unsubscribe(filters: string[]): Promise<unknown>;
  /** A fresh id for `…/request/{id}` topics, unique within the session (shared by all panels). */
  nextRequestId(): number;
}

/** A channel that also tells its connection status (the session's vanilla store). */
export interface LiveChannel extends DeviceChannel {
  readonly store: SessionStore;
}
