import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from './operator-client.ts';
import { operatorKeys } from './operator-keys.ts';

/**
 * Firmware and software progress of every device with an assignment or OTA telemetry (`ota.status`);
 * the push bridge patches it from `ota` state events and refetches it after assignments.
 */
export const otaStatusQueryOptions = (client: OperatorClient) =>
  queryOptions({
    queryKey: operatorKeys.otaStatus(),
    queryFn: () => client.request('ota.status', {}),
  });
