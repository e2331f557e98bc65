/**
 * A read cache for a small, rarely written table that is read on every message (device profiles:
 * every publish looks up its device's payload type). It only ever holds committed rows: writes go
 * through `track`, and from a write until its batch settles (committed or rolled back) reads bypass
 * the cache, which is emptied at both ends. Readers get a shallow copy, so the cached row cannot be
 * changed through them (rows of primitives only).
 */
export class CommittedCache<V extends object> {
  readonly #rows = new Map<string, V>();
  #writes = 0;

  constructor(private readonly load: (key: string) => V | undefined) {}

  get(key: string): V | undefined {
    if (this.#writes > 0) return this.load(key);
    let row = this.#rows.get(key);
    if (row === undefined) {
      row = this.load(key);
      if (row === undefined) return undefined;
      this.#rows.set(key, row);
    }
    return { ...row };
  }

  /** Runs a write of the table; the cache is bypassed until the returned promise settles. */
  track<T>(write: () => Promise<T>): Promise<T> {
    this.#writes++;
    this.#rows.clear();
    const settled = (): void => {
      this.#writes--;
      this.#rows.clear();
    };
    const done = write();
    done.then(settled, settled);
    return done;
  }
}
