import type { SubscriptionState } from './session-store.ts';

/**
 * The filters the session keeps subscribed across reconnects, and what the broker granted on the
 * current connection. Every change is published through `onChange` (the session store).
 */
export class SubscriptionBook {
  readonly #filters = new Map<string, SubscriptionState>();
  /** SUBACK codes still on their way, per filter, for the current connection. */
  readonly #pending = new Map<string, Promise<number>>();
  readonly #onChange: (subscriptions: Record<string, SubscriptionState>) => void;

  constructor(onChange: (subscriptions: Record<string, SubscriptionState>) => void) {
    this.#onChange = onChange;
  }

  /** Every remembered filter with its requested QoS. */
  all(): Record<string, 0 | 1> {
    return Object.fromEntries([...this.#filters].map(([filter, state]) => [filter, state.qos]));
  }

  /** The SUBACK codes when every filter is already granted at this QoS on this connection; else null. */
  grantedFor(filters: Readonly<Record<string, 0 | 1>>): number[] | null {
    const codes: number[] = [];
    for (const [filter, qos] of Object.entries(filters)) {
      const known = this.#filters.get(filter);
      if (known?.qos !== qos || known.granted === null) return null;
      codes.push(known.granted);
    }
    return codes;
  }

  /** The filters that are neither granted nor on their way at the requested QoS. */
  unsent(filters: Readonly<Record<string, 0 | 1>>): Record<string, 0 | 1> {
    return Object.fromEntries(
      Object.entries(filters).filter(([filter, qos]) => {
        const known = this.#filters.get(filter);
        return known?.qos !== qos || (known.granted === null && !this.#pending.has(filter));
      }),
    );
  }

  /** Records a SUBSCRIBE on its way: its codes arrive in the order of `names`. */
  sending(names: readonly string[], codes: Promise<number[]>): void {
    names.forEach((filter, index) => {
      const code = codes.then((all) => all[index] ?? 0x80);
      // The caller handles the rejection; this copy must not be reported as unhandled.
      code.catch(() => undefined);
      this.#pending.set(filter, code);
      void code
        .finally(() => {
          if (this.#pending.get(filter) === code) this.#pending.delete(filter);
        })
        .catch(() => undefined);
    });
  }

  /** The SUBACK code of a remembered filter: known, or still on its way. */
  codeFor(filter: string): Promise<number> {
    const granted = this.#filters.get(filter)?.granted;
    if (granted !== undefined && granted !== null) return Promise.resolve(granted);
    return (
      this.#pending.get(filter) ??
      Promise.reject(new Error(`No subscription to ${filter} is on its way.`))
    );
  }

  remember(filters: Readonly<Record<string, 0 | 1>>): void {
    for (const [filter, qos] of Object.entries(filters))
      this.#filters.set(filter, { qos, granted: null });
    this.#publish();
  }

  /** Records the SUBACK codes of `names`, in order. */
  granted(names: readonly string[], codes: readonly number[]): void {
    names.forEach((filter, index) => {
      const known = this.#filters.get(filter);
      const code = codes[index];
      if (known !== undefined && code !== undefined)
        this.#filters.set(filter, { ...known, granted: code });
    });
    this.#publish();
  }

  forget(filters: readonly string[]): void {
    for (const filter of filters) this.#filters.delete(filter);
    this.#publish();
  }

  forgetAll(): void {
    this.#pending.clear();
    if (this.#filters.size === 0) return;
    this.#filters.clear();
    this.#publish();
  }

  /** The connection went: nothing is granted until the resubscription's SUBACK. */
  connectionLost(): void {
    this.#pending.clear();
    for (const [filter, state] of this.#filters)
      this.#filters.set(filter, { ...state, granted: null });
    if (this.#filters.size > 0) this.#publish();
  }

  #publish(): void {
    this.#onChange(Object.fromEntries(this.#filters));
  }
}
