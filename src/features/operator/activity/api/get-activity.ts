import { queryOptions } from '@tanstack/react-query';

import type { OperatorClient } from '@/client/operator-client.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';

/** Open MQTT sessions of one device (`sessions.list`); session events invalidate it. */
export const sessionsQueryOptions = (client: OperatorClient, deviceId: string) =>
  queryOptions({
    queryKey: operatorKeys.sessions(deviceId),
    queryFn: () => client.request('sessions.list', { deviceId }),
  });

/** Recorded events of one device, newest first: sessions and refused packets with their reasons. */
export const eventsQueryOptions = (client: OperatorClient, deviceId: string) =>
  queryOptions({
    queryKey: operatorKeys.events(deviceId),
    queryFn: () => client.request('events.list', { deviceId, limit: 200 }),
  });
