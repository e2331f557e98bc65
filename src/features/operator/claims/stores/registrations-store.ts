import { createStore } from 'zustand/vanilla';

import type { OperatorClient } from '@/client/operator-client.ts';
import { perChannel } from '@/lib/per-channel.ts';

/** A device that registered a claim secret and has not been claimed since (the secret is never sent). */
export interface Registration {
  deviceId: string;
  deviceName: string;
  /** Unix ms after which the registration no longer counts. */
  expiresAt: number;
}

/** How many registrations are kept (oldest dropped first). */
const MAX_REGISTRATIONS = 200;

/**
 * Devices waiting to be claimed, from the operator's `claim` events: client state, since the API has no
 * call that lists registrations. A claim of any result uses the registration up (spec §9), so it goes.
 */
export const registrationsFor = perChannel((client: OperatorClient) => {
  const store = createStore<{ waiting: readonly Registration[] }>()(() => ({ waiting: [] }));
  client.onEvent((event) => {
    if (event.kind !== 'claim' || event.payload.change === 'reclaimed') return;
    const { deviceId, deviceName } = event.payload;
    const others = store.getState().waiting.filter((r) => r.deviceId !== deviceId);
    const next =
      event.payload.change === 'registered'
        ? [...others, { deviceId, deviceName, expiresAt: event.payload.expiresAt }]
        : others;
    store.setState({ waiting: next.slice(-MAX_REGISTRATIONS) });
  });
  return store;
});
