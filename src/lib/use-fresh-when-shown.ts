import { useQueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RefObject } from 'react';

import { useShownOnce } from './use-shown.ts';

/**
 * {@link useShownOnce}, and when the element is first shown, refetches `keys`: another panel may have
 * cached them at start-up, and changes made elsewhere (the CLI, another operator) push no event for
 * every kind of data (profiles, devices created by hand). Returns whether the element has been shown.
 */
export function useFreshWhenShown(
  ref: RefObject<Element | null>,
  keys: readonly QueryKey[],
): boolean {
  const shown = useShownOnce(ref);
  const queryClient = useQueryClient();
  const joined = JSON.stringify(keys);
  useEffect(() => {
    if (!shown) return;
    // Only what is cached: a query without data is being fetched for the first time anyway.
    for (const queryKey of JSON.parse(joined) as QueryKey[])
      void queryClient.invalidateQueries({
        queryKey,
        exact: true,
        predicate: (query) => query.state.data !== undefined,
      });
  }, [shown, joined, queryClient]);
  return shown;
}
