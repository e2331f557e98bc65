/**
 * Per-connection ordered acknowledgements. The broker keeps reading a connection while earlier
 * publishes wait for their SQLite commit (so commits batch many messages), yet PUBACKs, answers and
 * closes happen strictly in the order the PUBLISH packets arrived ([MQTT-4.6.0-2]). At most `limit`
 * publishes may wait; beyond that the connection is not read until the oldest settles (backpressure).
 */
export class AckQueue {
  readonly #slots: { run: (() => void) | null }[] = [];
  #paused: (() => void) | null = null;
  #closed = false;

  constructor(private readonly limit: number) {}

  /** Reserves the next slot; `settle(run)` later supplies what to do when its turn comes. */
  reserve(): (run: () => void) => void {
    const slot: { run: (() => void) | null } = { run: null };
    this.#slots.push(slot);
    return (run) => {
      slot.run = run;
      this.#drain();
    };
  }

  /** Lets the reader go on now, or once fewer than `limit` publishes are waiting. */
  release(resume: () => void): void {
    if (this.#slots.length < this.limit) resume();
    else this.#paused = resume;
  }

  /** The connection is gone: nothing more is written. */
  close(): void {
    this.#closed = true;
    this.#slots.length = 0;
    this.#paused = null;
  }

  #drain(): void {
    while (!this.#closed && this.#slots[0]?.run) {
      const slot = this.#slots.shift();
      slot?.run?.();
    }
    if (this.#paused && this.#slots.length < this.limit) {
      const resume = this.#paused;
      this.#paused = null;
      resume();
    }
  }
}
