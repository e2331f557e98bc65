/** Failed operator logins allowed from one address before it is locked out for a while. */
export const FREE_LOGIN_FAILURES = 5;
/** The first lockout; each further failure doubles it, up to `MAX_LOCKOUT_MS`. */
export const FIRST_LOCKOUT_MS = 1000;
export const MAX_LOCKOUT_MS = 60_000;
/** An address with no failure for this long starts afresh. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Addresses remembered at most; the quietest are forgotten first. */
const MAX_ADDRESSES = 10_000;

interface Failures {
  count: number;
  last: number;
  lockedUntil: number;
}

/**
 * Slows down password guessing on operator logins (ADR 0004), per source address: after
 * `FREE_LOGIN_FAILURES` failures in a row, the address is locked out for 1 s, and every further
 * failure doubles the lockout (2 s, 4 s, … 60 s at most). While locked out, an operator CONNECT from
 * it is refused without looking at the password, so no guess is tried. A successful login, or 15
 * minutes without a failure, clears the address.
 */
export class LoginThrottle {
  readonly #byAddress = new Map<string, Failures>();

  /** Milliseconds the address stays locked out; 0 when it may try a password. */
  lockedFor(address: string, now = Date.now()): number {
    const entry = this.#current(address, now);
    return entry ? Math.max(0, entry.lockedUntil - now) : 0;
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.#current(address, now) ?? { count: 0, last: now, lockedUntil: 0 };
    entry.count++;
    entry.last = now;
    if (entry.count >= FREE_LOGIN_FAILURES) {
      const doublings = Math.min(entry.count - FREE_LOGIN_FAILURES, 16);
      entry.lockedUntil = now + Math.min(FIRST_LOCKOUT_MS * 2 ** doublings, MAX_LOCKOUT_MS);
    }
    this.#byAddress.delete(address); // re-inserted last: the map stays ordered by last failure
    this.#byAddress.set(address, entry);
    if (this.#byAddress.size > MAX_ADDRESSES) {
      const oldest = this.#byAddress.keys().next().value;
      if (oldest !== undefined) this.#byAddress.delete(oldest);
    }
  }

  succeeded(address: string): void {
    this.#byAddress.delete(address);
  }

  #current(address: string, now: number): Failures | undefined {
    const entry = this.#byAddress.get(address);
    if (entry && now - entry.last > FORGET_AFTER_MS) {
      this.#byAddress.delete(address);
      return undefined;
    }
    return entry;
  }
}
