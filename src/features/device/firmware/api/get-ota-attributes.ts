import { queryOptions } from '@tanstack/react-query';

import { Correlator } from '@/client/correlator.ts';
import type { ChannelMessage, LiveChannel } from '@/lib/device-channel.ts';
import { perChannel } from '@/lib/per-channel.ts';
import { decodeAttributeResponse } from '@/protocol/codecs/attributes.ts';
import { DEVICE_TOPICS, outboundTopic, parseIdSegment } from '@/protocol/topics.ts';

import { firmwareKeys } from './firmware-keys.ts';
import { OTA_SHARED_KEYS, pickOtaAttributes } from './ota-package.ts';

const prefix = DEVICE_TOPICS.attributesResponsePrefix;

/** v1 attribute requests (spec §6.2), correlated by the id in the response topic. */
const attributeRequestsFor = perChannel((channel: LiveChannel) => {
  const requests = new Correlator<number, ChannelMessage>({
    timeoutMs: 10_000,
    timeoutError: (id, ms) =>
      new Error(`The broker did not answer attribute request ${id} within ${ms / 1000} s.`, {
        cause: id,
      }),
  });
  channel.onMessage((message) => {
    const id = message.topic.startsWith(prefix)
      ? parseIdSegment(message.topic.slice(prefix.length))
      : undefined;
    if (id !== undefined) requests.resolve(id, message);
  });
  return requests;
});

/**
 * Asks for the `fw_*` and `sw_*` shared attributes, as a device does after connecting (spec §6.3:
 * updates are not replayed, so a device asks). Resolves with those present.
 */
export async function getOtaAttributes(channel: LiveChannel): Promise<Record<string, unknown>> {
  const payload = JSON.stringify({ sharedKeys: OTA_SHARED_KEYS.join(',') });
  const requests = attributeRequestsFor(channel);
  let id = channel.nextRequestId();
  while (requests.has(id)) id = channel.nextRequestId();
  const message = await requests.request(id, () =>
    channel.publish(outboundTopic.attributesRequest('v1', id), payload, { qos: 1 }),
  );
  const decoded = decodeAttributeResponse(message.text);
  if (!decoded.ok)
    throw new Error(`The attribute response was not readable: ${decoded.error.message}`);
  return pickOtaAttributes(decoded.value.shared ?? {});
}

export function otaAttributesOptions(channel: LiveChannel, connectSeq: number, enabled: boolean) {
  // The channel is the app's one session; connectSeq tells its connections apart.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: firmwareKeys.attributes(connectSeq),
    queryFn: () => getOtaAttributes(channel),
    enabled,
  });
}
