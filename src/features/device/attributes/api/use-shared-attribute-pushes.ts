import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { batchPerFrame } from '@/lib/batch-per-frame.ts';
import { keepSubscribed } from '@/lib/keep-subscribed.ts';
import { useSession } from '@/lib/session-context.tsx';
import { decodeSharedPush } from '@/protocol/codecs/attributes.ts';
import { outboundTopic } from '@/protocol/topics.ts';

import { useSharedHistory, type SharedPushRecord } from '../stores/shared-history-store.ts';

import { applySharedChanges } from './shared-values.ts';

/** The filter (and topic) of shared-attribute pushes this panel listens on (spec §6.3, v1 family). */
export const SHARED_PUSH_TOPIC = outboundTopic.attributesPush('v1');

/**
 * The push bridge of the attributes feature: keeps `v1/devices/me/attributes` subscribed, applies
 * the pushes to the query cache (current shared values) and records them in the history, once per
 * animation frame (style.md: high-rate live data is rAF-batched). Bad frames are logged and dropped
 * (style.md habit 2).
 */
export function useSharedAttributePushes(): void {
  const session = useSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const batcher = batchPerFrame<SharedPushRecord>((records) => {
      applySharedChanges(queryClient, records);
      useSharedHistory.getState().addMany(records);
    });
    const stopSubscribing = keepSubscribed(session, { [SHARED_PUSH_TOPIC]: 1 });
    const stopListening = session.onMessage((message) => {
      if (message.topic !== SHARED_PUSH_TOPIC) return;
      const push = decodeSharedPush(message.text);
      if (!push.ok) {
        console.warn('Dropped a shared-attribute push:', push.error.message);
        return;
      }
      batcher.push(
        push.value.kind === 'deleted'
          ? { time: message.receivedAt, kind: 'deleted', keys: push.value.keys }
          : { time: message.receivedAt, kind: 'updated', values: push.value.values },
      );
    });
    return () => {
      stopSubscribing();
      stopListening();
      batcher.flushNow();
    };
  }, [session, queryClient]);
}
