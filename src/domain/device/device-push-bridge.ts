import type { QueryClient } from '@tanstack/react-query';

import { batchPerFrame } from '@/lib/batch-per-frame.ts';
import type { DeviceRouter, LiveChannel } from '@/lib/device-channel.ts';
import { keepSubscribed } from '@/lib/keep-subscribed.ts';
import { outboundTopic } from '@protocol/topics.ts';

import { deviceKeys } from './device-keys.ts';
import { useSharedHistory, type SharedPushRecord } from './shared-history-store.ts';
import { applyOtaChanges, applySharedChanges } from './shared-values.ts';

/** The filter (and topic) of the shared-attribute pushes the console listens on (spec §6.3, v1). */
export const SHARED_PUSH_TOPIC = outboundTopic.attributesPush('v1');

/**
 * The device side's one push bridge (issue 15 §1): keeps the shared-attribute push subscribed and,
 * once per animation frame (style.md: high-rate live data is rAF-batched), writes the pushes the
 * router decoded into the current connection's caches — the shared values, the `fw_*`/`sw_*` values
 * of the firmware panel — and the push history. On `connect()` it drops what the previous connection
 * left: its queries (`['device', oldSeq, …]`), its history and pushes not yet written.
 */
export function installDevicePushBridge(
  router: DeviceRouter,
  channel: LiveChannel,
  queryClient: QueryClient,
): () => void {
  const batcher = batchPerFrame<SharedPushRecord>((records) => {
    applySharedChanges(queryClient, router.connectSeq, records);
    applyOtaChanges(queryClient, router.connectSeq, records);
    useSharedHistory.getState().addMany(records);
  });
  const stops = [
    keepSubscribed(channel, { [SHARED_PUSH_TOPIC]: 1 }),
    router.on('sharedAttributes', (event) => {
      const { change } = event;
      batcher.push(
        change.kind === 'deleted'
          ? { time: event.receivedAt, kind: 'deleted', keys: change.keys }
          : { time: event.receivedAt, kind: 'updated', values: change.values },
      );
    }),
    router.onConnect((connectSeq) => {
      batcher.clear();
      useSharedHistory.getState().clear();
      queryClient.removeQueries({
        queryKey: deviceKeys.all,
        predicate: (query) => query.queryKey[1] !== connectSeq,
      });
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    batcher.flushNow();
  };
}
