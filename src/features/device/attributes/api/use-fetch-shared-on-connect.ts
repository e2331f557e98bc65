import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';

import { mergeSharedValues } from '@/domain/device/shared-values.ts';
import type { LiveChannel } from '@/lib/device-channel.ts';

import { requestAttributes, type RequestChannel } from './request-attributes.ts';

/** Whether the current shared values are asked for on every connect (on by default). */
export const useFetchSharedOnConnect = create<{
  enabled: boolean;
  setEnabled: (enabled: boolean) => void;
}>()((set) => ({
  enabled: true,
  setEnabled: (enabled) => {
    set({ enabled });
  },
}));

/**
 * Shared attributes as a device starts (installed once by app/device-parts.ts): unless turned off,
 * the current ones are asked for on each connection with an attribute request `{}` (spec §6.2) and written under that connection's key
 * (a new connection starts empty: src/domain/device); pushes then keep them current (spec §6.3).
 * The request goes on the always-JSON topics (`v2/a/req/j`, spec §2), so it works whatever the
 * profile's payload type (JSON on v1 topics would be an invalid payload for a PROTOBUF device, and
 * the broker closes).
 */
export function installSharedValuesOnConnect(
  channel: RequestChannel & LiveChannel,
  queryClient: QueryClient,
): () => void {
  const fetchCurrent = () => {
    const { status, credentialKind, connectSeq } = channel.store.getState();
    if (status !== 'connected' || credentialKind === 'provision') return;
    if (!useFetchSharedOnConnect.getState().enabled) return;
    const params = { mode: 'all', clientKeys: '', sharedKeys: '', family: 'v2j' } as const;
    requestAttributes(channel, params).then(
      (response) => {
        mergeSharedValues(queryClient, connectSeq, response.shared ?? {}, 'response');
      },
      (error: unknown) => {
        console.warn('Could not read the shared attributes on connect:', error);
      },
    );
  };
  const stop = channel.store.subscribe((state, previous) => {
    if (state.status === 'connected' && previous.status !== 'connected') fetchCurrent();
  });
  fetchCurrent();
  return stop;
}
