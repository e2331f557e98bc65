import type { EventsService } from './events-service.ts';

/** The window refused CONNECTs are counted in, per source address. */
export const REFUSAL_WINDOW_MS = 10_000;

interface Window {
  start: number;
  recorded: number;
  suppressed: number;
}

/** The address part of a socket's "host:port" ("::ffff:127.0.0.1:5000" → "::ffff:127.0.0.1"). */
export function hostOf(remote: string): string {
  const colon = remote.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(remote.slice(colon + 1)) ? remote.slice(0, colon) : remote;
}

/**
 * Bounds what refused CONNECTs write to the events table and the log, whatever their rate: per
 * source address, the first `perWindow()` in each 10 s window are recorded one by one; the rest are
 * only counted, and one event sums them up when the window ends
 * ("… 312 more refused CONNECTs from 127.0.0.1 in the last 10 s").
 */
export class RefusedConnectLog {
  readonly #windows = new Map<string, Window>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: EventsService,
    private readonly perWindow: () => number,
  ) {}

  /** True when this refusal is to be recorded in full; false when it was counted for the summary. */
  admit(address: string, now = Date.now()): boolean {
    let window = this.#windows.get(address);
    if (window && now - window.start >= REFUSAL_WINDOW_MS) {
      this.#close(address, window);
      window = undefined;
    }
    if (!window) {
      window = { start: now, recorded: 0, suppressed: 0 };
      this.#windows.set(address, window);
      this.#arm();
    }
    if (window.recorded < this.perWindow()) {
      window.recorded++;
      return true;
    }
    window.suppressed++;
    return false;
  }

  /** Closes the windows that have ended (all of them with `all`), writing their summaries. */
  flush(all = false, now = Date.now()): void {
    for (const [address, window] of this.#windows) {
      if (all || now - window.start >= REFUSAL_WINDOW_MS) this.#close(address, window);
    }
  }

  /** Writes what is still counted and stops the timer (broker shutdown). */
  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.flush(true);
  }

  #close(address: string, window: Window): void {
    this.#windows.delete(address);
    if (window.suppressed === 0) return;
    const seconds = String(REFUSAL_WINDOW_MS / 1000);
    this.events.record({
      kind: 'auth_failed',
      message:
        `… ${String(window.suppressed)} more refused CONNECTs from ${address} in the last ${seconds} s ` +
        `(the first ${String(window.recorded)} are recorded one by one)`,
    });
  }

  #arm(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush();
      if (this.#windows.size > 0) this.#arm();
    }, REFUSAL_WINDOW_MS);
    this.#timer.unref();
  }
}
