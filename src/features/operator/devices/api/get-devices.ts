import { infiniteQueryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** Devices per `devices.list` page: a few screens of rows, one small answer. */
export const DEVICE_PAGE_SIZE = 250;

/**
 * Devices whose name contains `search` (server-side), a page at a time as the list scrolls; the
 * push bridge patches online state and last activity on every loaded page.
 */
export const devicePagesQueryOptions = (client: OperatorClient, search: string) =>
  infiniteQueryOptions({
    queryKey: operatorKeys.devicePages(search),
    queryFn: ({ pageParam }) =>
      client.request('devices.list', {
        offset: pageParam,
        limit: DEVICE_PAGE_SIZE,
        ...(search === '' ? {} : { nameContains: search }),
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.hasNext ? last.offset + last.items.length : undefined),
  });
