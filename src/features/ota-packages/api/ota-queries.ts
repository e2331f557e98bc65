import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/lib/operator-client.ts';
import { operatorKeys } from '@/lib/operator-keys.ts';

/** Every OTA package, oldest first (`ota.list`). */
export const packagesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.otaPackages(),
    queryFn: () => client.request('ota.list'),
  });

/**
 * Firmware and software progress of every device with an assignment or OTA telemetry (`ota.status`);
 * the push bridge patches it from `ota` state events and refetches it after assignments.
 */
export const otaStatusQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.otaStatus(),
    queryFn: () => client.request('ota.status', {}),
  });

/** Assignment targets: the first 1000 devices (the same cache entry as the device list) … */
export const targetDevicesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.deviceList(''),
    queryFn: () => client.request('devices.list', { limit: 1000 }),
  });

/** … and the device profiles. */
export const targetProfilesQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.profiles(),
    queryFn: () => client.request('profiles.list'),
  });
