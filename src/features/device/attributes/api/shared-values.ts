import type { QueryClient } from '@tanstack/react-query';

import type { SharedPushRecord } from '../stores/shared-history-store.ts';

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

/**
 * Applies several pushes, in arrival order, with one cache write (the push bridge calls this once
 * per animation frame, so 1,000 pushes a second cost 60 renders, not 1,000).
 */
export function applySharedChanges(
  queryClient: QueryClient,
  changes: readonly SharedPushRecord[],
): void {
  if (changes.length === 0) return;
  queryClient.setQueryData<SharedValues>(attributeKeys.shared(), (current = {}) => {
    const next: Record<string, SharedValue> = { ...current };
    for (const change of changes) {
      if (change.kind === 'deleted')
        for (const key of change.keys) Reflect.deleteProperty(next, key);
      else
        for (const [key, value] of Object.entries(change.values))
          next[key] = { value, seenAt: change.time, source: 'push' };
    }
    return next;
  });
}
