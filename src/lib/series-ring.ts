/** One numeric point of a live series. */
export interface SeriesPoint {
  ts: number;
  value: number;
}

/**
 * A bounded series of `(ts, value)` points kept in timestamp order, in two preallocated typed
 * arrays used as a ring: adding a point allocates nothing, and once full the oldest point makes room.
 * A key has one value per timestamp: a point whose timestamp is already there replaces that value
 * (a telemetry event delivered twice is one point). A late point is put in its place by time; one
 * older than everything a full ring keeps is dropped.
 */
export class SeriesRing {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${String(capacity)}`);
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Timestamp of the `i`-th point, oldest first. */
  tsAt(i: number): number {
    return this.times[this.slot(i)] ?? Number.NaN;
  }

  /** Value of the `i`-th point, oldest first. */
  valueAt(i: number): number {
    return this.values[this.slot(i)] ?? Number.NaN;
  }

  add(ts: number, value: number): void {
    if (this.size === 0 || ts > this.tsAt(this.size - 1)) {
      this.append(ts, value);
      return;
    }
    let at = this.firstNotBefore(ts);
    if (at < this.size && this.tsAt(at) === ts) {
      this.values[this.slot(at)] = value;
      return;
    }
    if (this.size === this.capacity) {
      if (at === 0) return; // older than the whole (full) window
      this.start = (this.start + 1) % this.capacity;
      this.size -= 1;
      at -= 1;
    }
    for (let i = this.size; i > at; i -= 1) {
      this.times[this.slot(i)] = this.tsAt(i - 1);
      this.values[this.slot(i)] = this.valueAt(i - 1);
    }
    this.times[this.slot(at)] = ts;
    this.values[this.slot(at)] = value;
    this.size += 1;
  }

  /** The last `count` values (all when omitted), oldest first, as a new array. */
  lastValues(count = this.size): number[] {
    const from = Math.max(0, this.size - count);
    return Array.from({ length: this.size - from }, (_, i) => this.valueAt(from + i));
  }

  /** Every point, oldest first, as new objects (for views that need plain arrays). */
  toPoints(): SeriesPoint[] {
    return Array.from({ length: this.size }, (_, i) => ({
      ts: this.tsAt(i),
      value: this.valueAt(i),
    }));
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
  }

  private slot(i: number): number {
    return (this.start + i) % this.capacity;
  }

  private append(ts: number, value: number): void {
    if (this.size === this.capacity) this.start = (this.start + 1) % this.capacity;
    else this.size += 1;
    const at = this.slot(this.size - 1);
    this.times[at] = ts;
    this.values[at] = value;
  }

  /** Index of the first point with a timestamp >= `ts` (binary search; `length` when none). */
  private firstNotBefore(ts: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.tsAt(mid) < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
