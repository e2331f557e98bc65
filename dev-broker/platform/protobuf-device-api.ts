import { encodeAttributeResponse } from '../../src/protocol/codecs/attributes.ts';
import { decodeProvisionRequest } from '../../src/protocol/codecs/provision.ts';
import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import { parseLenientJson, toCompactJson, type JsonNode } from '../../src/protocol/lenient-json.ts';
import {
  encodeProtoAttributeResponse,
  encodeProtoClientRpcReply,
} from '../../src/protocol/proto/device-downlink.ts';
import {
  decodeProtoAttributeRequest,
  decodeProtoClaim,
  decodeProtoClientRpcRequest,
} from '../../src/protocol/proto/device-uplink.ts';
import {
  decodeProtoProvisionRequest,
  encodeProtoProvisionResponse,
} from '../../src/protocol/proto/provision-proto.ts';
import { ok, type Result } from '../../src/protocol/result.ts';
import { outboundTopic, type Family, type InboundTopic } from '../../src/protocol/topics.ts';
import type { DeviceRecord, ProfileRecord, Storage } from '../storage/storage.ts';

import type { AttributesService } from './attributes-service.ts';
import type { ClaimService } from './claim-service.ts';
import type { ClientRpcService } from './client-rpc-service.ts';
import type { DeviceSession } from './device-session.ts';
import { decodeProtoGatewayMessage } from './gateway-messages.ts';
import type { GatewayService } from './gateway-service.ts';
import { inboundFormats, jsonDownlink, protoBytes, type WireFormat } from './payload-format.ts';
import {
  decodeSchemaAttributes,
  decodeSchemaRpcReply,
  decodeSchemaTelemetry,
} from './profile-payloads.ts';
import type { ProvisionOutcome, ProvisionService } from './provision-service.ts';
import type { LimitName } from './rate-limits.ts';
import type { RpcService } from './rpc-service.ts';
import type { TelemetryService } from './telemetry-service.ts';

export interface ProtobufDeps {
  storage: Storage;
  telemetry: TelemetryService;
  attributes: AttributesService;
  rpc: RpcService;
  clientRpc: ClientRpcService;
  claims: ClaimService;
  gateway: GatewayService;
  provision: ProvisionService;
  typing: () => TypingOptions;
}

/** One device publish, with the device API's outcome builders (`O` is its PublishOutcome). */
export interface ProtobufPublish<O> {
  session: DeviceSession;
  device: DeviceRecord;
  topic: string;
  route: InboundTopic;
  payload: Buffer;
  /** spec §4 invalid payload. */
  invalid(message: string): O;
  /** The outcome to return when a rate limit is exceeded (spec §13), else null. */
  overLimit(name: LimitName, n: number): O | null;
  /** PUBACK, then `after`. */
  ack(after?: () => void): O;
  /** Records a `dropped` event. */
  dropped(message: string): void;
}

/** A decoded publish: what to do with it once it is known to be valid Protobuf. */
type Step<O> = () => Promise<O> | O;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Request family of the topics that can carry Protobuf (gateway and claim are v1 topics). */
function familyOf(route: InboundTopic): Family | undefined {
  switch (route.kind) {
    case 'telemetry':
    case 'attributes':
    case 'attributesRequest':
    case 'rpcRequest':
    case 'rpcResponse':
      return route.family;
    case 'claim':
    case 'gateway':
      return 'v1';
    default:
      return undefined;
  }
}

/**
 * The Protobuf side of the device API (spec §2.2, §2.3): `/p` topics, and v1 and bare v2 topics of
 * devices in PROTOBUF profiles (payload-format.ts). Valid messages are stored and answered like their JSON forms.
 */
export class ProtobufDeviceApi {
  constructor(private readonly d: ProtobufDeps) {}

  /**
   * Handles a device publish that is Protobuf. Returns undefined when the JSON dispatch should handle it instead:
   * a JSON topic or profile, a topic that never carries Protobuf, or (JSON compatibility on) bytes that are not
   * valid Protobuf.
   */
  handle<O>(p: ProtobufPublish<O>): Promise<O> | undefined {
    const formats = this.#formats(p.route, p.device);
    if (formats?.[0] !== 'protobuf') return undefined;
    if (p.route.kind === 'gateway' && !p.device.gateway) {
      // spec §4 / §14.4: acknowledged and dropped with an event
      p.dropped(`${p.device.name} is not a gateway; gateway topics are ignored`);
      return Promise.resolve(p.ack());
    }
    const step = this.#decode(p);
    if (!step.ok)
      return formats.includes('json') ? undefined : Promise.resolve(p.invalid(step.error.message));
    return Promise.resolve(step.value());
  }

  /** Whether `handle` would try Protobuf for this publish (a cheap check before building its arguments). */
  applies(route: InboundTopic, device: DeviceRecord): boolean {
    return this.#formats(route, device)?.[0] === 'protobuf';
  }

  /** The device's profile; a device always has one (the default profile when in doubt). */
  #profile(device: DeviceRecord): ProfileRecord {
    const profile =
      this.d.storage.profiles.get(device.profileId) ?? this.d.storage.profiles.getByName('default');
    if (!profile) throw new Error(`device ${device.name} has no profile`);
    return profile;
  }

  #formats(route: InboundTopic, device: DeviceRecord): readonly WireFormat[] | undefined {
    const family = familyOf(route);
    return family === undefined
      ? undefined
      : inboundFormats(family, this.d.storage.profiles.get(device.profileId));
  }

  #decode<O>(p: ProtobufPublish<O>): Result<Step<O>> {
    const { route, payload, device, session } = p;
    const typing = this.d.typing();
    const profile = this.#profile(device);
    switch (route.kind) {
      case 'telemetry': {
        // spec §2.3: the profile's telemetry schema, then the JSON rules of §5
        const points = decodeSchemaTelemetry(profile, payload, Date.now(), typing);
        if (!points.ok) return points;
        return ok(async () => {
          const limited =
            p.overLimit('telemetryMessages', 1) ??
            p.overLimit('telemetryDataPoints', points.value.length);
          if (limited !== null) return limited;
          await this.d.telemetry.save(device.id, points.value);
          return p.ack();
        });
      }
      case 'attributes': {
        const entries = decodeSchemaAttributes(profile, payload, typing);
        if (!entries.ok) return entries;
        return ok(async () => {
          await this.d.attributes.save(device.id, 'CLIENT', entries.value);
          return p.ack();
        });
      }
      case 'attributesRequest': {
        const request = decodeProtoAttributeRequest(payload);
        if (!request.ok) return request;
        return ok(() => {
          const { clientKeys, sharedKeys } = request.value;
          const all = clientKeys === undefined && sharedKeys === undefined;
          const client =
            all || clientKeys ? this.d.attributes.get(device.id, 'CLIENT', clientKeys) : undefined;
          const shared =
            all || sharedKeys ? this.d.attributes.get(device.id, 'SHARED', sharedKeys) : undefined;
          const asked = (clientKeys?.length ?? 0) + (sharedKeys?.length ?? 0);
          // spec §2.3: JSON on v1 when the profile's JSON downlink switch is on
          const response =
            route.family === 'v1' && jsonDownlink(profile)
              ? encodeAttributeResponse(client, shared)
              : protoBytes(encodeProtoAttributeResponse(route.requestId, client, shared, asked));
          return p.ack(
            () =>
              void session.send(
                outboundTopic.attributesResponse(route.family, route.requestId),
                response,
              ),
          );
        });
      }
      case 'rpcRequest':
        return this.#clientRpc(p, route, route.family === 'v1' && jsonDownlink(profile));
      case 'rpcResponse': {
        // spec §2.3: the profile's RPC response schema; the operator receives the message as JSON
        const reply = decodeSchemaRpcReply(profile, payload);
        if (!reply.ok) return reply;
        return ok(async () => {
          const handled = await this.d.rpc.handleReply(device.id, route.requestId, reply.value);
          if (!handled)
            p.dropped(`no server-side RPC ${String(route.requestId)} is waiting for a reply`);
          return p.ack();
        });
      }
      case 'claim': {
        const claim = decodeProtoClaim(payload);
        if (!claim.ok) return claim;
        return ok(async () => {
          const origin = { clientId: session.link.clientId, topic: p.topic };
          await this.d.claims.register(
            device,
            claim.value.secretKey,
            claim.value.durationMs,
            origin,
          );
          return p.ack();
        });
      }
      case 'gateway': {
        const msg = decodeProtoGatewayMessage(route.topic, payload, Date.now(), typing);
        if (!msg.ok) return msg;
        return ok(async () => {
          const outcome = await this.d.gateway.apply(session, device, msg.value, 'protobuf');
          return 'invalid' in outcome ? p.invalid(outcome.invalid) : p.ack(outcome.after);
        });
      }
      default:
        return ok(() => p.invalid('this topic does not carry Protobuf'));
    }
  }

  /** spec §8 over Protobuf: the reply is a `ToServerRpcResponseMsg` on the request's family. */
  #clientRpc<O>(
    p: ProtobufPublish<O>,
    route: Extract<InboundTopic, { kind: 'rpcRequest' }>,
    jsonReply: boolean,
  ): Result<Step<O>> {
    const request = decodeProtoClientRpcRequest(p.payload);
    if (!request.ok) return request;
    const { method } = request.value;
    const params = paramsNode(request.value.params);
    // an echo rule sends the request back as JSON text inside the reply's payload
    const raw = `{"method":${JSON.stringify(method)}${params ? `,"params":${toCompactJson(params)}` : ''}}`;
    const encode = (json: string): Buffer =>
      protoBytes(encodeProtoClientRpcReply(route.requestId, json));
    return ok(() =>
      p.ack(() => {
        this.d.clientRpc.handle(p.session, route.family, route.requestId, {
          method,
          params,
          raw,
          ...(jsonReply ? {} : { encode }),
        });
      }),
    );
  }

  /**
   * spec §10 in Protobuf: a provisioning request that is not a JSON object but decodes as a
   * `ProvisionDeviceRequestMsg` carrying `provisionDeviceCredentialsMsg` (as the reference, which tries JSON first
   * and Protobuf when JSON does not parse). The reply is Protobuf too. Undefined: handle it as JSON.
   */
  provision(session: DeviceSession, payload: Buffer): Promise<ProvisionOutcome> | undefined {
    if (isJsonObject(payload)) return undefined;
    const decoded = decodeProtoProvisionRequest(payload);
    if (!decoded.ok) return undefined;
    return this.d.provision.handleDecoded(session, decoded.value, (response) =>
      protoBytes(encodeProtoProvisionResponse(response)),
    );
  }
}

/** `params` of a Protobuf RPC request: JSON text, or plain text kept as a string; `""` means none. */
function paramsNode(params: string): JsonNode | undefined {
  if (params === '') return undefined;
  const parsed = parseLenientJson(params);
  return parsed.ok ? parsed.value.value : { type: 'string', value: params };
}

function isJsonObject(payload: Buffer): boolean {
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return false;
  }
  return decodeProvisionRequest(text).ok; // ok exactly when the text is a JSON object
}
