import { createStore } from 'zustand/vanilla';

import type { OperatorClient } from '@/client/operator-client.ts';
import { perChannel } from '@/lib/per-channel.ts';
import type { RpcStatusName } from '@protocol/operator-dto.ts';

export interface RpcStep {
  status: RpcStatusName;
  /** Unix ms when this tab saw the event. */
  at: number;
}

/** How many persistent RPCs keep their timeline (oldest dropped first). */
const MAX_RPCS = 200;

/**
 * The state timeline of each persistent RPC (QUEUED → SENT → DELIVERED → SUCCESSFUL …), from the
 * operator's rpc events: client state, since `rpc.get` only tells the current status.
 */
export const rpcTimelineFor = perChannel((client: OperatorClient) => {
  const store = createStore<{ steps: Readonly<Record<string, readonly RpcStep[]>> }>()(() => ({
    steps: {},
  }));
  client.onEvent((event) => {
    if (event.kind !== 'rpc' || event.payload.rpcId === null) return;
    const { rpcId, status } = event.payload;
    store.setState(({ steps }) => {
      const entries = Object.entries({
        ...steps,
        [rpcId]: [...(steps[rpcId] ?? []), { status, at: event.receivedAt }],
      });
      return { steps: Object.fromEntries(entries.slice(-MAX_RPCS)) };
    });
  });
  return store;
});
