/** An application message the session received (inbound PUBLISH). */
export interface InboundMessage {
  topic: string;
  payload: Uint8Array;
  /** The payload decoded as UTF-8 (invalid bytes become U+FFFD). */
  text: string;
  qos: number;
  /** Unix ms. */
  receivedAt: number;
}

interface Pending {
  resolve: (message: InboundMessage) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Request/response correlation by response topic (style.md habit 4): each pending request has a
 * timeout and cleanup, and `rejectAll` settles everything on disconnect and dispose.
 */
export class RequestTracker {
  readonly #pending = new Map<string, Pending>();

  /** Waits for the first message on exactly `responseTopic`; rejects after `timeoutMs`. */
  expect(responseTopic: string, timeoutMs: number): Promise<InboundMessage> {
    if (this.#pending.has(responseTopic)) {
      return Promise.reject(new Error(`A request waiting on ${responseTopic} is already pending.`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(responseTopic);
        const seconds = String(Math.round(timeoutMs / 100) / 10);
        reject(
          new Error(`No response on ${responseTopic} within ${seconds} s.`, {
            cause: responseTopic,
          }),
        );
      }, timeoutMs);
      this.#pending.set(responseTopic, { resolve, reject, timer });
    });
  }

  /** Settles the request waiting on this message's topic; true when there was one. */
  handle(message: InboundMessage): boolean {
    const pending = this.#pending.get(message.topic);
    if (pending === undefined) return false;
    this.#pending.delete(message.topic);
    clearTimeout(pending.timer);
    pending.resolve(message);
    return true;
  }

  /** Rejects one pending request (its publish failed). */
  cancel(responseTopic: string, error: Error): void {
    const pending = this.#pending.get(responseTopic);
    if (pending === undefined) return;
    this.#pending.delete(responseTopic);
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /** Rejects every pending request and clears the timers. */
  rejectAll(reason: string): void {
    for (const [topic, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason, { cause: topic }));
    }
    this.#pending.clear();
  }
}
