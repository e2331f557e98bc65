import { DeviceLoad, LatencyHistogram, type LoadOptions } from './device-load.ts';
import { RawDevice } from './raw-device.ts';
import type { AckedPoints } from './stored-points.ts';

/** Devices whose access token is their name, each with a telemetry load that survives reconnects. */
export class Fleet {
  readonly latency = new LatencyHistogram();
  readonly loads: DeviceLoad[];
  #devices: RawDevice[] = [];

  constructor(names: string[], options: LoadOptions) {
    this.loads = names.map((name) => new DeviceLoad(name, options, this.latency));
  }

  /** (Re)connects every device (`concurrency` CONNECTs at a time) and attaches it to its load. */
  async connect(url: string, concurrency = 50): Promise<void> {
    this.#devices = [];
    for (let i = 0; i < this.loads.length; i += concurrency) {
      const batch = this.loads.slice(i, i + concurrency);
      const devices = await Promise.all(
        batch.map((load) => RawDevice.connect({ url, username: load.name, clientId: load.name })),
      );
      devices.forEach((device, j) => batch[j]?.attach(device));
      this.#devices.push(...devices);
    }
  }

  start(): void {
    for (const load of this.loads) load.start();
  }

  /** Stops publishing and waits for the PUBACKs still due (at most `drainMs`). */
  async stop(drainMs = 10_000): Promise<void> {
    await Promise.all(this.loads.map((load) => load.stop(drainMs)));
  }

  /** Publishes handed out, PUBACKed with 0, refused (other reason codes), failed (closed), in flight. */
  totals(): { sent: number; acked: number; refused: number; failed: number; inFlight: number } {
    let sent = 0;
    let acked = 0;
    let refused = 0;
    let failed = 0;
    for (const load of this.loads) {
      sent += load.sent;
      acked += load.acked.size;
      refused += load.refused;
      failed += load.failed;
    }
    const inFlight = this.#devices.reduce((n, d) => n + d.inFlight, 0);
    return { sent, acked, refused, failed, inFlight };
  }

  ackedPoints(): AckedPoints[] {
    return this.loads.map((load) => load.acked);
  }

  async close(): Promise<void> {
    await Promise.all(this.#devices.map((d) => d.end()));
  }

  /** Drops every connection at once (the broker is gone). */
  destroy(): void {
    for (const device of this.#devices) device.destroy();
  }
}
