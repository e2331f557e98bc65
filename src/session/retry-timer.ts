import { reconnectDelayMs } from './reconnect-policy.ts';
import type { ReconnectPolicy } from './reconnect-policy.ts';

/**
 * The session's next automatic attempt: counts attempts since the last success, waits the policy's
 * delay for each, and can be cut short (**Retry now**) or cancelled (Disconnect, a new connect).
 */
export class RetryTimer {
  readonly #policy: ReconnectPolicy;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #run: (() => void) | null = null;

  constructor(policy: ReconnectPolicy) {
    this.#policy = policy;
  }

  /** True while waiting for the next attempt. */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /** Waits for attempt number n+1, then calls `run`; returns its number and start time (`Date.now()` ms). */
  schedule(run: () => void): { attempt: number; retryAt: number } {
    this.cancel();
    this.#attempt += 1;
    const delay = reconnectDelayMs(this.#policy, this.#attempt);
    this.#run = run;
    this.#timer = setTimeout(() => {
      this.fire();
    }, delay);
    return { attempt: this.#attempt, retryAt: Date.now() + delay };
  }

  /** Runs the waiting attempt now; false when none is waiting. */
  fire(): boolean {
    const run = this.#run;
    if (run === null) return false;
    this.cancel();
    run();
    return true;
  }

  /** Drops the waiting attempt, if any; the count stays. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#run = null;
  }

  /** A connection succeeded (or a new one starts): the next failure waits the shortest delay again. */
  reset(): void {
    this.cancel();
    this.#attempt = 0;
  }
}
