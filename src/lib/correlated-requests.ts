import type { ChannelMessage, DeviceChannel } from './device-channel.ts';
import { RequestTracker } from './request-tracker.ts';

export interface CorrelatedRequestsOptions<T> {
  /** The request id a response topic carries, or undefined when the topic is not such a response. */
  responseId(topic: string): number | undefined;
  /** Turns the response into the value `request` resolves with. */
  decode(message: ChannelMessage): T;
  /** Default time to wait for a response, in ms. */
  timeoutMs: number;
  describeTimeout?: (id: number, timeoutMs: number) => string;
}

/** Request/response over topics that carry the request id (attribute requests, client-side RPC). */
export interface CorrelatedRequests<T> {
  /**
   * Takes a fresh id, starts waiting for its response, then calls `send(id)` (which publishes the
   * request). Rejects when `send` rejects, on timeout, or on `dispose`.
   */
  request(send: (id: number) => Promise<unknown>, timeoutMs?: number): Promise<T>;
  /** Stops listening and fails every pending request. */
  dispose(reason?: string): void;
}

/**
 * Listens on `channel` and settles the pending request whose id a response topic carries. Ids come
 * from `channel.nextRequestId()`, so panels that share a response topic never share an id.
 */
export function createCorrelatedRequests<T>(
  channel: DeviceChannel,
  options: CorrelatedRequestsOptions<T>,
): CorrelatedRequests<T> {
  const tracker = new RequestTracker<T>({
    timeoutMs: options.timeoutMs,
    ...(options.describeTimeout ? { describeTimeout: options.describeTimeout } : {}),
  });
  const stop = channel.onMessage((message) => {
    const id = options.responseId(message.topic);
    if (id === undefined || !tracker.has(id)) return;
    tracker.resolve(id, options.decode(message));
  });
  return {
    request(send, timeoutMs) {
      let id = channel.nextRequestId();
      while (tracker.has(id)) id = channel.nextRequestId();
      const response = tracker.wait(id, timeoutMs);
      send(id).catch((error: unknown) => {
        tracker.reject(id, error instanceof Error ? error : new Error(String(error)));
      });
      return response;
    },
    dispose(reason = 'The request was cancelled.') {
      stop();
      tracker.rejectAll(reason);
    },
  };
}

/**
 * One instance of something per channel (session), created on first use: controllers that must
 * outlive the component that first needed them (style.md habit 3).
 */
export function perChannel<C extends object, T>(create: (channel: C) => T): (channel: C) => T {
  const instances = new WeakMap<C, T>();
  return (channel) => {
    let instance = instances.get(channel);
    if (instance === undefined) {
      instance = create(channel);
      instances.set(channel, instance);
    }
    return instance;
  };
}
