import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { useThrottledValue } from '@/lib/use-throttled-value.ts';
import type { DeviceDto, PageDto } from '@protocol/operator-dto.ts';

import { operatorKeys } from './operator-keys.ts';

/** How many devices a form offers by name at once. */
export const DEVICE_CHOICES_LIMIT = 200;

/**
 * Devices a form offers to pick by name (claim, firmware assignment, faults): the first
 * {@link DEVICE_CHOICES_LIMIT} whose name contains `nameContains`, searched on the server over
 * every device, so a fleet of any size can be narrowed to the one wanted.
 */
export const deviceChoicesQueryOptions = (client: OperatorClient, nameContains: string) =>
  queryOptions({
    queryKey: operatorKeys.deviceChoices(nameContains),
    queryFn: () =>
      client.request('devices.list', {
        limit: DEVICE_CHOICES_LIMIT,
        ...(nameContains === '' ? {} : { nameContains }),
      }),
    // While a new search runs, the last choices stay.
    placeholderData: keepPreviousData,
  });

/** Says plainly when not every match is offered; null when every match is. */
export function deviceChoicesNote(page: PageDto<DeviceDto> | undefined): string | null {
  if (page === undefined || !page.hasNext) return null;
  return `The first ${String(page.items.length)} of ${String(page.total)} matching devices are offered: type part of a name to narrow them.`;
}

/** The search goes to the server at most this often while the user types, ms. */
const CHOICES_WAIT_MS = 250;

/** {@link deviceChoicesQueryOptions} for what the user typed (throttled), asked once `enabled`. */
export function useDeviceChoices(client: OperatorClient, typed: string, enabled = true) {
  const nameContains = useThrottledValue(typed.trim(), CHOICES_WAIT_MS);
  const query = useQuery({ ...deviceChoicesQueryOptions(client, nameContains), enabled });
  return { query, devices: query.data?.items ?? [], note: deviceChoicesNote(query.data) };
}
