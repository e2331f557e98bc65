import { queryOptions } from '@tanstack/react-query';

import { brokerInfoUrl, decodeBrokerInfo, type BrokerInfo } from '@protocol/broker-info.ts';

/**
 * `GET /api/info` of the broker behind `brokerUrl` (ADR 0008): is it a bridge to an upstream hub,
 * and, with `clientId`, is that client's session bridged. `connectSeq` makes each connect ask
 * afresh (in mixed mode the same client id may be bridged on one connect and not on the next).
 */
export const brokerInfoQueryOptions = (
  brokerUrl: string,
  clientId: string | null,
  connectSeq: number,
) =>
  queryOptions({
    queryKey: ['broker-info', brokerUrl, clientId, connectSeq] as const,
    queryFn: async ({ signal }): Promise<BrokerInfo> => {
      const url = brokerInfoUrl(brokerUrl, clientId ?? undefined);
      if (url === null) throw new Error(`${brokerUrl} is not a WebSocket URL`);
      const res = await fetch(url, { signal });
      if (!res.ok) throw new Error(`${url} answered HTTP ${String(res.status)}`);
      const decoded = decodeBrokerInfo(await res.json());
      if (!decoded.ok) throw new Error(decoded.error.message);
      return decoded.value;
    },
  });
