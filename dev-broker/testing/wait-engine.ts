/** How long a wait lasts unless `timeoutMs` says otherwise (Playwright's default `expect` timeout). */
export const DEFAULT_WAIT_MS = 5000;

/** A wait that ran out of time; `message` says what was awaited and what arrived instead. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/** A wait that ended because the broker's state was replaced (reset, restore) under it. */
export class WaitAbortedError extends Error {
  override name = 'WaitAbortedError';
}

/** One condition over a stream of broker events, plus what is already there. */
export interface Watch<T> {
  /** The `broker.waitFor.<name>` this is, for messages. */
  name: string;
  /** What is awaited, in words: `3 points of "temperature" from device "d1"`. */
  wanted: string;
  /** Items already there (stored since the last reset, or the current state), oldest first. */
  initial(): T[];
  /** Starts delivering new items; returns the function that stops it. */
  subscribe(push: (item: T) => void): () => void;
  matches(item: T): boolean;
  /** How many matching items end the wait. */
  count: number;
  /** What was seen instead (every item considered, matching or not), for the timeout message. */
  describeSeen(seen: T[]): string;
}

/** Registers a listener for state replacements; returns the function that removes it. */
export type OnReplaced = (listener: (kind: 'reset' | 'restore') => void) => () => void;

/**
 * Resolves with the first `count` matching items, from what is there and then from events as they
 * come — never by polling. Rejects with WaitTimeoutError after `timeoutMs`, naming what arrived instead,
 * and with WaitAbortedError when a reset or restore replaces the state it was counting.
 */
export function waitForItems<T>(
  watch: Watch<T>,
  timeoutMs: number,
  onReplaced: OnReplaced,
): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const seen: T[] = [];
    const matched: T[] = [];
    const progress = { settled: false };
    const cleanups: (() => void)[] = [];
    const finish = (outcome: () => void): void => {
      if (progress.settled) return;
      progress.settled = true;
      for (const cleanup of cleanups) cleanup();
      outcome();
    };
    const consider = (item: T): void => {
      if (progress.settled) return;
      seen.push(item);
      if (!watch.matches(item)) return;
      matched.push(item);
      if (matched.length >= watch.count) finish(() => resolve(matched.slice(0, watch.count)));
    };
    cleanups.push(watch.subscribe(consider));
    cleanups.push(
      onReplaced((kind) => {
        finish(() => {
          reject(
            new WaitAbortedError(
              `${watch.name}: the broker was ${kind === 'reset' ? 'reset' : 'restored'} while waiting for ${watch.wanted}`,
            ),
          );
        });
      }),
    );
    for (const item of watch.initial()) consider(item);
    if (progress.settled) return;
    const timer = setTimeout(() => {
      finish(() => {
        const got =
          matched.length > 0
            ? ` (${String(matched.length)} of ${String(watch.count)} arrived)`
            : '';
        reject(
          new WaitTimeoutError(
            `${watch.name}: timed out after ${String(timeoutMs)} ms waiting for ${watch.wanted}${got}; ${watch.describeSeen(seen)}`,
          ),
        );
      });
    }, timeoutMs);
    cleanups.push(() => clearTimeout(timer));
  });
}

/** At most `max` entries of a list for a message, with how many were left out. */
export function listSome(items: string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${String(items.length - max)} more`;
}

/** A value as a message shows it: JSON, shortened. */
export function shown(value: unknown): string {
  // JSON.stringify gives undefined for undefined and functions
  const text = (JSON.stringify(value) as string | undefined) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
