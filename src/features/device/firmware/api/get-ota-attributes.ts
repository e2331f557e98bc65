import { queryOptions } from '@tanstack/react-query';

import { Correlator } from '@/client/correlator.ts';
import type { AttributesResponseEvent } from '@/client/device-events.ts';
import { deviceKeys } from '@/domain/device/device-keys.ts';
import { pickOtaAttributes } from '@/domain/device/shared-values.ts';
import { devicePart } from '@/lib/device-side.ts';
import { outboundTopic } from '@/protocol/topics.ts';

import { OTA_SHARED_KEYS } from './ota-package.ts';

/**
 * v1 attribute requests for the OTA keys (spec §6.2), answered by the router's `attributesResponse`
 * events with the same id; a request still waiting when `connect()` starts a new connection fails
 * then (the answer would be another device's).
 */
export const otaAttributeRequestsPart = devicePart(
  'OTA attribute requests',
  ({ channel, router }) => {
    const requests = new Correlator<number, AttributesResponseEvent>({
      timeoutMs: 10_000,
      timeoutError: (id, ms) =>
        new Error(`The broker did not answer attribute request ${id} within ${ms / 1000} s.`, {
          cause: id,
        }),
    });
    const stops = [
      router.on('attributesResponse', (event) => {
        if (event.family === 'v1') requests.resolve(event.requestId, event);
      }),
      router.on('badFrame', ({ route, error }) => {
        if (route.kind === 'attributesResponse' && route.family === 'v1')
          requests.reject(
            route.requestId,
            new Error(`The attribute response was not readable: ${error.message}`),
          );
      }),
      router.onConnect(() => {
        requests.rejectAll('The console connected anew before the attributes came.');
      }),
    ];
    /**
     * Asks for the `fw_*` and `sw_*` shared attributes, as a device does after connecting (spec §6.3:
     * updates are not replayed, so a device asks). Resolves with those present.
     */
    const getOtaAttributes = async (): Promise<Record<string, unknown>> => {
      const payload = JSON.stringify({ sharedKeys: OTA_SHARED_KEYS.join(',') });
      let id = channel.nextRequestId();
      while (requests.has(id)) id = channel.nextRequestId();
      const event = await requests.request(id, () =>
        channel.publish(outboundTopic.attributesRequest('v1', id), payload, { qos: 1 }),
      );
      return pickOtaAttributes(event.shared ?? {});
    };
    return {
      getOtaAttributes,
      dispose: () => {
        for (const stop of stops) stop();
        requests.rejectAll('The device side was disposed.');
      },
    };
  },
);

export type OtaAttributeRequests = ReturnType<typeof otaAttributeRequestsPart.create>;

export function otaAttributesOptions(
  requests: OtaAttributeRequests,
  connectSeq: number,
  enabled: boolean,
) {
  // The requests are the app's one part over its session; connectSeq tells connections apart.

  return queryOptions({
    queryKey: deviceKeys.otaAttributes(connectSeq),
    queryFn: () => requests.getOtaAttributes(),
    enabled,
  });
}
