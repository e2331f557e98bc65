import type { SubscriptionState } from './session-store.ts';

/**
 * The filters the session keeps subscribed across reconnects, and what the broker granted on the
 * current connection. Every change is published through `onChange` (the session store).
 */
export class SubscriptionBook {
  readonly #filters = new Map<string, SubscriptionState>();
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
    if (this.#filters.size === 0) return;
    this.#filters.clear();
    this.#publish();
  }

  /** The connection went: nothing is granted until the resubscription's SUBACK. */
  connectionLost(): void {
    for (const [filter, state] of this.#filters)
      this.#filters.set(filter, { ...state, granted: null });
    if (this.#filters.size > 0) this.#publish();
  }

  #publish(): void {
    this.#onChange(Object.fromEntries(this.#filters));
  }
}
