import { outboundTopic } from '../../src/protocol/topics.ts';

import type { RawDevice } from './raw-device.ts';
import type { AckedPoints } from './stored-points.ts';

/** PUBACK latencies in 1 ms buckets (up to 120 s): millions of samples in constant memory. */
export class LatencyHistogram {
  readonly #buckets = new Uint32Array(120_001);
  count = 0;

  add(ms: number): void {
    const bucket = Math.min(120_000, Math.max(0, Math.round(ms)));
    this.#buckets[bucket] = (this.#buckets[bucket] ?? 0) + 1;
    this.count++;
  }

  /** The q-quantile in ms (q in 0..1); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let ms = 0; ms < this.#buckets.length; ms++) {
      seen += this.#buckets[ms] ?? 0;
      if (seen >= rank) return ms;
    }
    return 120_000;
  }
}

/** PUBACKed sequence numbers, one byte each (compact for millions of points); point = [baseTs + seq, seq]. */
class SeqPoints implements AckedPoints {
  #seqs = new Uint8Array(1024);
  size = 0;

  constructor(
    readonly device: string,
    readonly key: string,
    private readonly baseTs: number,
  ) {}

  add(seq: number): void {
    if (seq >= this.#seqs.length) {
      const grown = new Uint8Array(Math.max(seq + 1, this.#seqs.length * 2));
      grown.set(this.#seqs);
      this.#seqs = grown;
    }
    if (this.#seqs[seq] === 0) this.size++;
    this.#seqs[seq] = 1;
  }

  *entries(): Iterable<[number, number]> {
    for (let seq = 0; seq < this.#seqs.length; seq++)
      if (this.#seqs[seq] === 1) yield [this.baseTs + seq, seq];
  }
}

export interface LoadOptions {
  /** QoS 1 publishes in flight at most. */
  window: number;
  /** Publishes a second; absent: as fast as PUBACKs come back. */
  ratePerSecond?: number;
  /** Telemetry ts of message `seq` is `baseTs + seq` (unique per device and key). */
  baseTs: number;
  key?: string;
}

/**
 * QoS 1 telemetry from one device: `{"ts": baseTs + seq, "values": {"<key>": seq}}`, so that every
 * point is unique and its value is known. Records which points were PUBACKed (reason 0) and their
 * latency. Survives reconnects: `attach` a new connection and the sequence goes on.
 */
export class DeviceLoad {
  readonly acked: SeqPoints;
  sent = 0;
  /** PUBACKs with a reason code other than 0, and publishes that failed with the connection. */
  refused = 0;
  failed = 0;
  #device: RawDevice | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #seq = 0;

  constructor(
    readonly name: string,
    private readonly options: LoadOptions,
    private readonly latency: LatencyHistogram,
  ) {
    this.acked = new SeqPoints(name, options.key ?? 'v', options.baseTs);
  }

  attach(device: RawDevice): void {
    this.#device = device;
  }

  start(): void {
    this.#running = true;
    const rate = this.options.ratePerSecond;
    if (rate === undefined) {
      this.#fill();
      return;
    }
    const every = 1000 / rate;
    // spread the devices over the period, so they do not all publish in the same tick
    setTimeout(() => {
      if (!this.#running) return;
      this.#timer = setInterval(() => {
        if ((this.#device?.inFlight ?? Infinity) < this.options.window) this.#send();
      }, every);
    }, Math.random() * every);
  }

  /** Stops publishing; resolves once nothing is in flight (or after `drainMs`). */
  async stop(drainMs = 10_000): Promise<void> {
    this.#running = false;
    if (this.#timer) clearInterval(this.#timer);
    const until = Date.now() + drainMs;
    while ((this.#device?.inFlight ?? 0) > 0 && !this.#device?.isClosed && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
  }

  #fill(): void {
    const device = this.#device;
    while (this.#running && device && !device.isClosed && device.inFlight < this.options.window)
      this.#send();
  }

  #send(): void {
    const device = this.#device;
    if (!device || device.isClosed) return;
    const seq = this.#seq++;
    const ts = this.options.baseTs + seq;
    const key = this.acked.key;
    this.sent++;
    device
      .publish(outboundTopic.telemetry(), `{"ts":${String(ts)},"values":{"${key}":${String(seq)}}}`)
      .then(
        (ack) => {
          if (ack.reasonCode === 0) {
            this.acked.add(seq);
            this.latency.add(ack.ms);
          } else this.refused++;
          if (this.options.ratePerSecond === undefined) this.#fill();
        },
        () => {
          this.failed++;
        },
      );
  }
}
