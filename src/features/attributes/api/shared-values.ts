import type { QueryClient } from '@tanstack/react-query';

import { attributeKeys } from './attribute-keys.ts';
import type { SharedValue, SharedValues } from './attribute-keys.ts';

/** Writes shared values into the query cache (from a push or a response). */
export function mergeSharedValues(
  queryClient: QueryClient,
  values: Readonly<Record<string, unknown>>,
  source: SharedValue['source'],
  seenAt: number = Date.now(),
): void {
  queryClient.setQueryData<SharedValues>(attributeKeys.shared(), (current = {}) => {
    const next: Record<string, SharedValue> = { ...current };
    for (const [key, value] of Object.entries(values)) next[key] = { value, seenAt, source };
    return next;
  });
}

/** Removes deleted shared keys from the query cache. */
export function deleteSharedValues(queryClient: QueryClient, keys: readonly string[]): void {
  queryClient.setQueryData<SharedValues>(attributeKeys.shared(), (current = {}) => {
    const next: Record<string, SharedValue> = { ...current };
    for (const key of keys) Reflect.deleteProperty(next, key);
    return next;
  });
}
