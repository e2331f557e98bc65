import { keepPreviousData, useInfiniteQuery, useQueries } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';

import { useOperator } from '@/lib/operator-context.tsx';

import { loadedDevices, nestUnderGateways } from './device-rows.ts';
import { devicePagesQueryOptions } from './get-devices.ts';
import { gatewayChildrenQueryOptions } from './get-gateway-children.ts';

/** Every page's `deviceId → gatewayId` in one object (stable while no page's answer changes). */
const mergeParents = (results: UseQueryResult<Record<string, string>>[]) =>
  Object.assign({}, ...results.map((r) => r.data ?? {})) as Record<string, string>;

/**
 * The device list for `search`, paged from the server: the loaded devices as rows (sub-devices
 * under their gateway), how many match in all, and `loadMore` for when the user nears the end.
 */
export function useDevicePages(search: string) {
  const client = useOperator();
  const query = useInfiniteQuery({
    ...devicePagesQueryOptions(client, search),
    // A new search keeps the old rows on screen until its first page is in.
    placeholderData: keepPreviousData,
  });
  const pages = query.data?.pages;
  const devices = useMemo(() => loadedDevices(query.data), [query.data]);
  const anyGateway = useMemo(() => devices.some((d) => d.gateway), [devices]);
  // Only a list holding a gateway asks who created what; the keys (every id of a page) are built
  // once per change of the pages, not on every render.
  const queries = useMemo(
    () =>
      anyGateway
        ? (pages ?? []).map((page) => ({
            ...gatewayChildrenQueryOptions(client, page.items),
            enabled: true,
          }))
        : [],
    [anyGateway, pages, client],
  );
  const parents = useQueries({ queries, combine: mergeParents });
  const rows = useMemo(() => nestUnderGateways(devices, parents), [devices, parents]);
  const complete = query.data !== undefined && !query.hasNextPage;
  const total = complete ? devices.length : (pages?.at(-1)?.total ?? 0);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = query;
  // After a failed page the error shows and Refresh asks again: no retry on every render.
  const loadMore = () => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError) void fetchNextPage();
  };
  return { query, devices, rows, total, loadMore };
}
