import { createStore } from 'zustand/vanilla';

import { perChannel } from '@/lib/correlated-requests.ts';
import type { OperatorClient } from '@/lib/operator-client.ts';
import type { RpcStatusName } from '@protocol/operator-dto.ts';

/** States after which a server-side RPC no longer waits on the device. */
const SETTLED: ReadonlySet<RpcStatusName> = new Set([
  'SUCCESSFUL',
  'TIMEOUT',
  'EXPIRED',
  'FAILED',
  'DELETED',
]);

/**
 * Server-side RPCs still waiting on each device (`deviceId → RPC keys`), from the operator's `rpc`
 * events since login: client state for the fleet cards, with no call per device.
 */
export const pendingRpcsFor = perChannel((client: OperatorClient) => {
  const store = createStore<{ pending: Readonly<Record<string, readonly string[]>> }>()(() => ({
    pending: {},
  }));
  client.onEvent((event) => {
    if (event.kind !== 'rpc') return;
    const { deviceId } = event;
    const key = event.payload.rpcId ?? String(event.payload.requestId);
    const current = store.getState().pending[deviceId] ?? [];
    const others = current.filter((k) => k !== key);
    const next = SETTLED.has(event.payload.status) ? others : [...others, key];
    if (next.length === current.length && next.every((k, i) => k === current[i])) return;
    store.setState({ pending: { ...store.getState().pending, [deviceId]: next } });
  });
  return store;
});
