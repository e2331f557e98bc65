import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { create } from 'zustand';

import { useSession } from '@/lib/session-context.tsx';

import { attributeKeys } from './attribute-keys.ts';
import { requestAttributes } from './request-attributes.ts';
import { mergeSharedValues } from './shared-values.ts';

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
 * Shared attributes as a device starts: on each new connection the values seen before are
 * forgotten (they may be another device's) and, unless turned off, the current ones are asked for
 * with an attribute request `{}` (spec §6.2); pushes then keep them current (spec §6.3).
 */
export function useSharedValuesOnConnect(): void {
  const session = useSession();
  const queryClient = useQueryClient();
  useEffect(() => {
    const fetchCurrent = () => {
      const { status, credentialKind } = session.store.getState();
      if (status !== 'connected' || credentialKind === 'provision') return;
      if (!useFetchSharedOnConnect.getState().enabled) return;
      const params = { mode: 'all', clientKeys: '', sharedKeys: '', family: 'v1' } as const;
      requestAttributes(session, params).then(
        (response) => {
          mergeSharedValues(queryClient, response.shared ?? {}, 'response');
        },
        (error: unknown) => {
          console.warn('Could not read the shared attributes on connect:', error);
        },
      );
    };
    const stop = session.store.subscribe((state, previous) => {
      if (state.connectSeq !== previous.connectSeq)
        queryClient.setQueryData(attributeKeys.shared(), {});
      if (state.status === 'connected' && previous.status !== 'connected') fetchCurrent();
    });
    fetchCurrent();
    return stop;
  }, [session, queryClient]);
}
