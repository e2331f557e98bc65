/**
 * Per-connection ordered acknowledgements. The broker keeps reading a connection while earlier
 * publishes wait for their SQLite commit (so commits batch many messages), yet PUBACKs, answers and
 * closes happen strictly in the order the PUBLISH packets arrived ([MQTT-4.6.0-2]).
 *
 * Backpressure: aedes reads the socket again only once every packet of the batch it parsed has
 * called its handler's `done` (its per-batch counter, reached only through `authorizePublish`'s
 * callback; pinned as `read-gating` in aedes-public-contract.test.ts). While `limit` publishes
 * wait, each `done` is deferred here, in arrival order; as acknowledgements go out and fewer than
 * `limit` wait, the deferred callbacks run, oldest first, so the batch completes and reading
 * resumes. Every deferred callback is kept (one per publish): losing one would leave aedes' counter
 * above 0 and the connection unread for good.
 *
 * The same gate holds a client that does not read what we send: while its connection has more than
 * `maxUnsentBytes` unsent (`writeBlocked(true)`, until the socket drains), no deferred callback runs,
 * so aedes reads no further request whose response would pile up in memory.
 */
export class AckQueue {
  readonly #slots: { run: (() => void) | null }[] = [];
  readonly #paused: (() => void)[] = [];
  #closed = false;
  #writeBlocked = false;

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

  /**
   * Lets the reader go on now, or once fewer than `limit` publishes are waiting. Callbacks deferred
   * earlier run first, so a later one never overtakes them.
   */
  release(resume: () => void): void {
    if (this.#closed) return;
    if (this.#paused.length === 0 && this.#open()) resume();
    else this.#paused.push(resume);
  }

  /** The connection's unsent bytes went over the limit (true) or drained (false). */
  writeBlocked(blocked: boolean): void {
    this.#writeBlocked = blocked;
    if (!blocked) this.#drain();
  }

  /** How many publishes wait for their turn / how many reader callbacks are deferred. */
  get waiting(): number {
    return this.#slots.length;
  }

  get deferred(): number {
    return this.#paused.length;
  }

  /** The connection is gone: nothing more is written and no deferred callback runs. */
  close(): void {
    this.#closed = true;
    this.#slots.length = 0;
    this.#paused.length = 0;
  }

  #open(): boolean {
    return this.#slots.length < this.limit && !this.#writeBlocked;
  }

  #drain(): void {
    while (!this.#closed && this.#slots[0]?.run) {
      const slot = this.#slots.shift();
      slot?.run?.();
    }
    // A resumed callback may let aedes parse more packets, which reserve and release re-entrantly;
    // the loop re-checks both conditions each time.
    while (!this.#closed && this.#paused.length > 0 && this.#open()) {
      this.#paused.shift()?.();
    }
  }
}
