import { describeUnacknowledged } from './connack-messages.ts';

/** A close this soon after a publish is blamed on that publish (the broker closes at once, spec §4). */
const CLOSE_AFTER_PUBLISH_MS = 2_000;

interface Inflight {
  topic: string;
  qos: 0 | 1;
  sentAt: number;
  reject: (error: Error) => void;
}

/**
 * Publishes sent and not yet settled, and the last QoS 0 publish: what the session needs to reject
 * them when the connection goes, and to name the publish the broker most likely closed it for.
 */
export class InflightPublishes {
  readonly #inflight = new Set<Inflight>();
  #lastQos0: { topic: string; sentAt: number } | null = null;

  /** Tracks a publish; the returned function takes it out again (false when already settled). */
  add(topic: string, qos: 0 | 1, sentAt: number, reject: (error: Error) => void): () => boolean {
    const inflight: Inflight = { topic, qos, sentAt, reject };
    if (qos === 0) this.#lastQos0 = { topic, sentAt };
    this.#inflight.add(inflight);
    return () => this.#inflight.delete(inflight);
  }

  /** Rejects every unsettled publish: the connection closed before the broker acknowledged it. */
  rejectAll(): void {
    for (const inflight of this.#inflight)
      inflight.reject(new Error(describeUnacknowledged(inflight.topic)));
    this.#inflight.clear();
  }

  /**
   * The topic of the publish the broker most likely closed the connection for: the oldest QoS 1
   * publish still waiting for its PUBACK, else the last QoS 0 publish, if sent just before `now`.
   */
  culprit(now: number): string | null {
    let oldest: Inflight | null = null;
    for (const inflight of this.#inflight) {
      if (inflight.qos === 1 && (oldest === null || inflight.sentAt < oldest.sentAt))
        oldest = inflight;
    }
    if (oldest !== null && now - oldest.sentAt <= CLOSE_AFTER_PUBLISH_MS) return oldest.topic;
    const last = this.#lastQos0;
    return last !== null && now - last.sentAt <= CLOSE_AFTER_PUBLISH_MS ? last.topic : null;
  }

  /** Forgets the last QoS 0 publish (a new connection starts clean). */
  resetLast(): void {
    this.#lastQos0 = null;
  }
}
