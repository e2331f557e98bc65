import type { QueryClient } from '@tanstack/react-query';

import type { LiveChannel } from '@/lib/device-channel.ts';
import { keepSubscribed } from '@/lib/keep-subscribed.ts';
import { decodeSharedPush } from '@/protocol/codecs/attributes.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import { firmwareKeys } from './firmware-keys.ts';
import { pickOtaAttributes } from './ota-package.ts';

const FAMILIES: readonly Family[] = ['v1', 'v2', 'v2j'];
const PUSH_TOPICS = new Set(FAMILIES.map((family) => outboundTopic.attributesPush(family)));

/** A cheap pre-check before decoding: an OTA key is quoted somewhere in the push. */
const mentionsOtaKey = (text: string) => text.includes('"fw_') || text.includes('"sw_');

/** Applies a shared-attribute push (spec §6.3) to the `fw_*`/`sw_*` values in the cache. */
export function applyOtaPush(
  current: Readonly<Record<string, unknown>>,
  text: string,
): Record<string, unknown> | null {
  const push = decodeSharedPush(text);
  if (!push.ok) return null;
  if (push.value.kind === 'deleted') {
    const gone = new Set(push.value.keys);
    if (!Object.keys(current).some((key) => gone.has(key))) return null;
    return Object.fromEntries(Object.entries(current).filter(([key]) => !gone.has(key)));
  }
  const changed = pickOtaAttributes(push.value.values);
  return Object.keys(changed).length === 0 ? null : { ...current, ...changed };
}

/**
 * Keeps the shared-attribute push subscribed and writes `fw_*`/`sw_*` updates and deletions into
 * the attributes query of the current connection (the one place pushes meet the cache for this
 * feature). Only data already fetched is updated: a push never stands in for the first request.
 */
function attachOtaPushBridge(channel: LiveChannel, queryClient: QueryClient): () => void {
  const stopSubscribing = keepSubscribed(channel, { [outboundTopic.attributesPush('v1')]: 1 });
  const stopListening = channel.onMessage((message) => {
    if (!PUSH_TOPICS.has(message.topic)) return;
    // Most pushes carry no fw_*/sw_* key: leave the cache (and its observers) alone then.
    if (!mentionsOtaKey(message.text)) return;
    const key = firmwareKeys.attributes(channel.store.getState().connectSeq);
    const current = queryClient.getQueryData<Record<string, unknown>>(key);
    const next = current === undefined ? null : applyOtaPush(current, message.text);
    if (next !== null) queryClient.setQueryData(key, next);
  });
  return () => {
    stopSubscribing();
    stopListening();
  };
}

const attached = new WeakMap<LiveChannel, { queryClient: QueryClient; detach: () => void }>();

/** Attaches the bridge once per session (it outlives the panel, so the cache stays current). */
export function ensureOtaPushBridge(channel: LiveChannel, queryClient: QueryClient): void {
  const current = attached.get(channel);
  if (current?.queryClient === queryClient) return;
  current?.detach();
  attached.set(channel, { queryClient, detach: attachOtaPushBridge(channel, queryClient) });
}
