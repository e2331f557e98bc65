import { queryOptions } from '@tanstack/react-query';

import type { DeviceChannel } from '@/lib/device-channel.ts';
import { protobufCodec, type DevicePayloadCodec } from '@/lib/protobuf-device.ts';
import { decodeAttributeResponse } from '@/protocol/codecs/attributes.ts';
import type { PlainAttributes } from '@/protocol/codecs/attributes.ts';
import { outboundTopic } from '@/protocol/topics.ts';

import { attributeKeys } from './attribute-keys.ts';
import type { AttributeRequestParams } from './attribute-keys.ts';

/** The channel plus `request`, as MqttSession offers it. */
export interface RequestChannel extends DeviceChannel {
  request(options: {
    topic: string;
    payload: string | Uint8Array;
    responseTopic: string;
    timeoutMs?: number;
  }): Promise<{ message: { topic: string; text: string; payload: Uint8Array }; latencyMs: number }>;
}

type CodecResponse = ReturnType<DevicePayloadCodec['decodeAttributeResponse']>;
const fromCodec = (decoded: CodecResponse): ReturnType<typeof decodeAttributeResponse> =>
  decoded.ok
    ? {
        ok: true,
        value: {
          ...(decoded.client ? { client: decoded.client } : {}),
          ...(decoded.shared ? { shared: decoded.shared } : {}),
        },
      }
    : { ok: false, error: { kind: 'schema', message: decoded.message } };

export interface AttributeResponse {
  requestId: number;
  topic: string;
  payload: string;
  responseTopic: string;
  latencyMs: number;
  raw: string;
  client?: PlainAttributes;
  shared?: PlainAttributes;
}

/** The request payload (spec §6.2): key lists as comma-separated strings; `{}` asks for everything. */
export function attributeRequestPayload(params: AttributeRequestParams): string {
  const body: { clientKeys?: string; sharedKeys?: string } = {};
  if (params.mode === 'client' || params.mode === 'both') body.clientKeys = params.clientKeys;
  if (params.mode === 'shared' || params.mode === 'both') body.sharedKeys = params.sharedKeys;
  return JSON.stringify(body);
}

/** Sends one attribute request with a fresh request id and waits for the response with that id. */
export async function requestAttributes(
  channel: RequestChannel,
  params: AttributeRequestParams,
): Promise<AttributeResponse> {
  const requestId = channel.nextRequestId();
  const topic = outboundTopic.attributesRequest(params.family, requestId);
  const responseTopic = outboundTopic.attributesResponse(params.family, requestId);
  const payload = attributeRequestPayload(params);
  // device-api.md §2.3: a Protobuf device asks with AttributesRequest and gets GetAttributeResponseMsg
  const codec = params.family === 'v2j' ? null : protobufCodec();
  const { message, latencyMs } = await channel.request({
    topic,
    payload: codec ? codec.encodeAttributeRequest(JSON.parse(payload) as object) : payload,
    responseTopic,
  });
  const decoded = codec
    ? fromCodec(codec.decodeAttributeResponse(message.payload))
    : decodeAttributeResponse(message.text);
  if (!decoded.ok)
    throw new Error(
      `The response on ${responseTopic} is not an attribute response: ${decoded.error.message}`,
    );
  return {
    requestId,
    topic,
    payload,
    responseTopic,
    latencyMs,
    // Protobuf: the response message decoded, as JSON
    raw: codec ? JSON.stringify(decoded.value) : message.text,
    ...decoded.value,
  };
}

/** Query options of one attribute request; run it with `refetch()` (it is not fetched on mount). */
export function attributeRequestQuery(channel: RequestChannel, params: AttributeRequestParams) {
  // The channel is the app's one session: it never changes, so it is not part of the key.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: attributeKeys.request(params),
    queryFn: () => requestAttributes(channel, params),
    enabled: false,
    gcTime: 5 * 60_000,
  });
}
