import type { QueryClient } from '@tanstack/react-query';

import { otaAttributeKeys } from '@/protocol/codecs/firmware.ts';

import { deviceKeys, type SharedValue, type SharedValues } from './device-keys.ts';
import type { SharedPushRecord } from './shared-history-store.ts';

/** Writes shared values into the connection's cache (from a response). */
export function mergeSharedValues(
  queryClient: QueryClient,
  connectSeq: number,
  values: Readonly<Record<string, unknown>>,
  source: SharedValue['source'],
  seenAt: number = Date.now(),
): void {
  queryClient.setQueryData<SharedValues>(deviceKeys.sharedValues(connectSeq), (current = {}) => {
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
  connectSeq: number,
  changes: readonly SharedPushRecord[],
): void {
  if (changes.length === 0) return;
  queryClient.setQueryData<SharedValues>(deviceKeys.sharedValues(connectSeq), (current = {}) => {
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

const OTA_KEYS = new Set([...otaAttributeKeys('fw'), ...otaAttributeKeys('sw')]);

/** The `fw_*`/`sw_*` members of an attribute map (spec §11). */
export function pickOtaAttributes(
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => OTA_KEYS.has(key)));
}

/**
 * Applies pushes to the connection's `fw_*`/`sw_*` values, only when they were fetched (a push never
 * stands in for the first request) and only when an OTA key changed (observers stay quiet otherwise).
 */
export function applyOtaChanges(
  queryClient: QueryClient,
  connectSeq: number,
  changes: readonly SharedPushRecord[],
): void {
  const key = deviceKeys.otaAttributes(connectSeq);
  const current = queryClient.getQueryData<Record<string, unknown>>(key);
  if (current === undefined) return;
  let next = current;
  for (const change of changes) {
    if (change.kind === 'deleted') {
      if (!change.keys.some((k) => k in next)) continue;
      const gone = new Set(change.keys);
      next = Object.fromEntries(Object.entries(next).filter(([k]) => !gone.has(k)));
    } else {
      const picked = pickOtaAttributes(change.values);
      if (Object.keys(picked).length > 0) next = { ...next, ...picked };
    }
  }
  if (next !== current) queryClient.setQueryData(key, next);
}
