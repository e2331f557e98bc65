/** Orderings both adapters share, so that memory and SQLite list records the same way. */

/** Binary (code unit) string order; the same as SQLite's BINARY collation for ids and keys in use. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** The default list order of the storage interface: `createdAt`, then `id`. */
export function byCreatedThenId(
  a: { createdAt: number; id: string },
  b: { createdAt: number; id: string },
): number {
  return a.createdAt - b.createdAt || compareStrings(a.id, b.id);
}

/** The keys in first-seen order, each once. */
export function uniqueKeys(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/** Event list default and guard: newest first, at most `limit` (100 when not given). */
export const DEFAULT_EVENT_LIMIT = 100;
