import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';

/**
 * Which gateway created each device: the server attribute `createdByGateway` (spec §10) of every
 * non-gateway device, as `deviceId → gatewayId`. Only asked when the list holds a gateway.
 */
export const gatewayChildrenQueryOptions = (client: OperatorClient, devices: DeviceDto[]) =>
  queryOptions({
    queryKey: [...operatorKeys.gatewayChildren(), devices.map((d) => d.id).join(',')],
    enabled: devices.some((d) => d.gateway),
    queryFn: async () => {
      const candidates = devices.filter((d) => !d.gateway);
      const rows = await Promise.all(
        candidates.map(async (d) => {
          const attrs = await client.request('attributes.get', {
            deviceId: d.id,
            scope: 'SERVER',
            keys: ['createdByGateway'],
          });
          const parent = attrs[0]?.value;
          return typeof parent === 'string' ? ([d.id, parent] as const) : null;
        }),
      );
      return Object.fromEntries(rows.filter((r) => r !== null));
    },
  });
