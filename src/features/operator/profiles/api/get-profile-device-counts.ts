import { useQueries } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import type { ProfileDto } from '@protocol/operator-dto.ts';

/** Every answer in, as `profileId → count`; null while one is missing. */
function toCounts(
  results: UseQueryResult<{ profileId: string; count: number }>[],
): ReadonlyMap<string, number> | null {
  if (results.some((r) => r.data === undefined)) return null;
  return new Map(results.flatMap((r) => (r.data ? [[r.data.profileId, r.data.count]] : [])));
}

/**
 * The device count of each profile, counted by the server (`devices.list` by `profileId`, one
 * device a page: its `total`), so it is right at any fleet size. Under `operatorKeys.devices()`:
 * creating or deleting a device asks again.
 */
export function useProfileDeviceCounts(
  client: OperatorClient,
  profiles: readonly ProfileDto[],
  enabled: boolean,
) {
  return useQueries({
    queries: profiles.map((profile) => ({
      queryKey: operatorKeys.profileDeviceCount(profile.id),
      queryFn: async () => {
        const page = await client.request('devices.list', { profileId: profile.id, limit: 1 });
        return { profileId: profile.id, count: page.total };
      },
      enabled,
    })),
    combine: toCounts,
  });
}
