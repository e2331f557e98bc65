import { Correlator } from './correlator.ts';
import { DeviceRequestError } from './device-errors.ts';
import type { DeviceEventKind, DeviceEvents, DeviceInbound } from './device-events.ts';
import { reportListenerError } from './runtime.ts';

type Listener = (event: DeviceInbound) => void;

/** The device client's event listeners by kind, and one-shot waits for the next event of a kind. */
export class DeviceListeners {
  readonly #byKind = new Map<DeviceEventKind, Set<Listener>>();
  readonly #waiters = new Correlator<string, DeviceInbound>({
    timeoutMs: 10_000,
    timeoutError: (key, ms) =>
      new DeviceRequestError(
        'TIMEOUT',
        `No ${key.split('#')[0] ?? ''} event within ${String(ms)} ms.`,
      ),
  });
  #seq = 0;

  on<K extends DeviceEventKind>(kind: K, listener: (event: DeviceEvents[K]) => void): () => void {
    let listeners = this.#byKind.get(kind);
    if (listeners === undefined) {
      listeners = new Set();
      this.#byKind.set(kind, listeners);
    }
    // every event of `kind` is a DeviceEvents[K] (emit dispatches by kind)
    const entry = listener as Listener;
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
    };
  }

  next<K extends DeviceEventKind>(
    kind: K,
    match: ((event: DeviceEvents[K]) => boolean) | undefined,
    timeoutMs: number | undefined,
  ): Promise<DeviceEvents[K]> {
    const key = `${kind}#${String(++this.#seq)}`;
    const stop = this.on(kind, (event) => {
      if (match === undefined || match(event)) this.#waiters.resolve(key, event);
    });
    const waiting = this.#waiters.wait(key, timeoutMs) as Promise<DeviceEvents[K]>;
    return waiting.finally(stop);
  }

  emit(event: DeviceInbound): void {
    for (const listener of [...(this.#byKind.get(event.kind) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(`DeviceClient ${event.kind}`, error);
      }
    }
  }

  /** Removes every listener; waits still pending reject with CANCELLED. */
  clear(reason: string): void {
    this.#byKind.clear();
    this.#waiters.rejectAll(() => new DeviceRequestError('CANCELLED', reason));
  }
}
