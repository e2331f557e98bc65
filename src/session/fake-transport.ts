import type { OpenTransport, TransportHandlers, TransportOptions } from './transport.ts';

/** How the fake broker answers one connection attempt. */
export type FakeOutcome =
  | { kind: 'accept' }
  | { kind: 'refuse'; code: number }
  | { kind: 'unreachable' }
  /** Leaves the attempt waiting, as a broker that has not answered yet. */
  | { kind: 'hang' };

interface LiveAttempt {
  options: TransportOptions;
  handlers: TransportHandlers;
  ended: boolean;
}

/**
 * In-memory stand-in for MQTT.js, for component tests: pass {@link FakeTransport.open} as the
 * session's `openTransport` and script the answers. Callbacks run on a microtask, as real I/O would.
 */
export class FakeTransport {
  /** Every attempt opened, in order. */
  readonly attempts: TransportOptions[] = [];
  /** Attempts the session ended (disconnect or replace). */
  readonly ended: TransportOptions[] = [];
  #answer: (options: TransportOptions) => FakeOutcome = () => ({ kind: 'accept' });
  readonly #live = new Set<LiveAttempt>();

  /** Sets how later attempts are answered. */
  answer(answer: (options: TransportOptions) => FakeOutcome): void {
    this.#answer = answer;
  }

  readonly open: OpenTransport = (options, handlers) => {
    this.attempts.push(options);
    const attempt: LiveAttempt = { options, handlers, ended: false };
    const outcome = this.#answer(options);
    queueMicrotask(() => {
      if (attempt.ended) return;
      switch (outcome.kind) {
        case 'accept':
          this.#live.add(attempt);
          handlers.connected();
          break;
        case 'refuse':
          handlers.refused(outcome.code);
          break;
        case 'unreachable':
          handlers.closed();
          break;
        case 'hang':
          this.#live.add(attempt);
          break;
      }
    });
    return {
      end: () => {
        attempt.ended = true;
        this.#live.delete(attempt);
        this.ended.push(options);
        return Promise.resolve();
      },
    };
  };

  /** Cuts every open connection, as a network failure would. */
  dropAll(): void {
    for (const attempt of this.#live) {
      this.#live.delete(attempt);
      attempt.handlers.closed();
    }
  }
}
