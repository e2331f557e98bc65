import { createStore } from 'zustand/vanilla';

import type { OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import { batchPerFrame } from '@/lib/batch-per-frame.ts';
import { perChannel } from '@/lib/per-channel.ts';
import type { OtaEvent } from '@protocol/operator-events.ts';
import type { OtaPackageTypeName } from '@protocol/operator-ota-dto.ts';

/** What this tab saw of one device's download of one package type, from `ota` events. */
export interface OtaLive {
  packageId: string | null;
  /** Chunk responses the broker served since the assignment. */
  chunksServed: number;
  /** Distinct chunk indexes served (a retried chunk counts once). */
  distinctChunks: number;
  /** Bytes of the distinct chunks served. */
  bytesServed: number;
  fileSize: number | null;
  /** The states in the order the events came, with this tab's receive time. */
  states: readonly { state: string; at: number }[];
  /** Internal: indexes seen, for `distinctChunks`. */
  seen: ReadonlySet<number>;
}

export const liveKey = (deviceId: string, type: OtaPackageTypeName) => `${deviceId}:${type}`;

const fresh = (packageId: string | null): OtaLive => ({
  packageId,
  chunksServed: 0,
  distinctChunks: 0,
  bytesServed: 0,
  fileSize: null,
  states: [],
  seen: new Set(),
});

function applyEvent(live: OtaLive | undefined, event: OtaEvent, at: number): OtaLive {
  const current = live ?? fresh(null);
  switch (event.change) {
    case 'assigned':
      return fresh(event.packageId);
    case 'unassigned':
      return fresh(null);
    case 'chunk': {
      const restarted = current.packageId !== null && current.packageId !== event.packageId;
      const base = restarted ? fresh(event.packageId) : current;
      const again = base.seen.has(event.chunk);
      const seen = new Set(base.seen).add(event.chunk);
      return {
        ...base,
        packageId: event.packageId,
        chunksServed: base.chunksServed + 1,
        distinctChunks: seen.size,
        bytesServed: base.bytesServed + (again ? 0 : event.bytes),
        fileSize: event.fileSize,
        seen,
      };
    }
    case 'state':
      return { ...current, states: [...current.states, { state: event.state, at }].slice(-20) };
  }
}

/**
 * Live OTA progress per device and type, from the operator's `ota` events (served chunks, state
 * changes): client state, since `ota.status` tells only the latest state. Written once per frame.
 */
export const otaLiveFor = perChannel((client: OperatorClient) => {
  const store = createStore<{ byKey: Readonly<Record<string, OtaLive>> }>()(() => ({ byKey: {} }));
  const batcher = batchPerFrame<Extract<OperatorEvent, { kind: 'ota' }>>((events) => {
    const byKey = { ...store.getState().byKey };
    for (const { payload, receivedAt } of events) {
      const key = liveKey(payload.deviceId, payload.type);
      byKey[key] = applyEvent(byKey[key], payload, receivedAt);
    }
    store.setState({ byKey });
  });
  client.onEvent((event) => {
    if (event.kind === 'ota') batcher.push(event);
  });
  return store;
});
