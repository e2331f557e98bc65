import {
  decodeAttributeRequest,
  decodeClientAttributes,
  encodeAttributeResponse,
} from '../../src/protocol/codecs/attributes.ts';
import { decodeClaim } from '../../src/protocol/codecs/claim.ts';
import { decodeClientRpcRequest } from '../../src/protocol/codecs/rpc.ts';
import { decodeTelemetry } from '../../src/protocol/codecs/telemetry.ts';
import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import {
  outboundTopic,
  parseInboundTopic,
  type Family,
  type InboundTopic,
} from '../../src/protocol/topics.ts';
import type { DeviceRecord, Storage } from '../storage/storage.ts';

import type { ActivityService } from './activity-service.ts';
import type { AttributesService } from './attributes-service.ts';
import type { ClaimService } from './claim-service.ts';
import type { ClientRpcService } from './client-rpc-service.ts';
import type { DeviceSession } from './device-session.ts';
import type { EventsService } from './events-service.ts';
import type { GatewayService } from './gateway-service.ts';
import type { OtaService } from './ota-service.ts';
import type { ProtobufDeviceApi } from './protobuf-device-api.ts';
import type { ProvisionService } from './provision-service.ts';
import type { LimitName, RateLimiter } from './rate-limits.ts';
import type { RpcService } from './rpc-service.ts';
import type { TelemetryService } from './telemetry-service.ts';

/** MQTT 5 reason codes the device API uses (spec §1.1). */
export const V5 = { UNKNOWN_TOPIC: 0x90, INVALID_PAYLOAD: 0x99 } as const;

/**
 * What the broker core does with a PUBLISH: acknowledge (then run `after`, e.g. send the answer), or
 * close the connection without an acknowledgement (spec §4).
 */
export type PublishOutcome =
  | { ack: true; v5ReasonCode?: number; after?: () => void; closeAfterAck?: boolean }
  /** Close without an acknowledgement; MQTT 5 clients get DISCONNECT with `v5Disconnect` (default 0x80). */
  | { ack: false; v5Disconnect?: number };

export interface DeviceApiDeps {
  storage: Storage;
  events: EventsService;
  telemetry: TelemetryService;
  attributes: AttributesService;
  rpc: RpcService;
  clientRpc: ClientRpcService;
  activity: ActivityService;
  gateway: GatewayService;
  provision: ProvisionService;
  claims: ClaimService;
  ota: OtaService;
  rateLimits: RateLimiter;
  typing: () => TypingOptions;
  /** Protobuf payloads (spec §2): `/p` topics and PROTOBUF profiles. */
  protobuf: ProtobufDeviceApi;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const OK: PublishOutcome = { ack: true };
/** spec §13: over a rate limit → closed; MQTT 5 "Message rate too high". */
const RATE_LIMITED: PublishOutcome = { ack: false, v5Disconnect: 0x96 };

/** The device-API dispatch: one switch from topic to handler (spec §2, §4). */
export class DeviceApi {
  /** Publishes of operator sessions go here (dev-broker/operator); set by the operator module. */
  operatorHandler:
    | ((
        session: DeviceSession,
        topic: string,
        payload: Buffer,
        qos: number,
      ) => Promise<PublishOutcome>)
    | null = null;

  constructor(private readonly d: DeviceApiDeps) {}

  async handlePublish(
    session: DeviceSession,
    topic: string,
    payload: Buffer,
    qos: number,
  ): Promise<PublishOutcome> {
    // Packets still in flight from a session the broker closed (reset, restore) are not processed.
    if (session.closed) return { ack: false };
    if (session.principal.kind === 'operator') {
      if (this.operatorHandler) return this.operatorHandler(session, topic, payload, qos);
      this.d.events.record({
        kind: 'dropped',
        clientId: session.link.clientId,
        topic,
        message: 'the operator API is not enabled',
      });
      return { ack: true, v5ReasonCode: V5.UNKNOWN_TOPIC };
    }
    const route = parseInboundTopic(topic);
    if (session.principal.kind === 'provision')
      return this.#provisionSession(session, topic, route, payload);
    const device = session.principal.device;
    this.d.activity.touch(device.id);
    if (this.#overLimit(session, device, topic, 'messages', 1)) return RATE_LIMITED;
    try {
      // spec §2: JSON unless the topic or the profile says Protobuf (checked first: no closures per JSON message)
      const binary =
        this.d.protobuf.applies(route, device) &&
        this.d.protobuf.handle<PublishOutcome>({
          session,
          device,
          topic,
          route,
          payload,
          invalid: (message) => this.#invalid(session, device, topic, qos, message),
          overLimit: (name, n) =>
            this.#overLimit(session, device, topic, name, n) ? RATE_LIMITED : null,
          ack: (after) => (after ? { ack: true, after } : OK),
          dropped: (message) => this.#event(session, device, topic, 'dropped', message),
        });
      if (binary) return await binary;
      let text: string;
      try {
        text = utf8.decode(payload);
      } catch {
        // spec §4: an unknown topic is dropped whatever its payload (a Protobuf device may send any bytes)
        if (route.kind !== 'unknown')
          return this.#invalid(session, device, topic, qos, 'payload is not valid UTF-8');
        text = '';
      }
      return await this.#route(session, device, topic, route, text, qos);
    } catch (error) {
      this.d.events.record({
        kind: 'storage_error',
        deviceId: device.id,
        deviceName: device.name,
        clientId: session.link.clientId,
        topic,
        message: `could not store the message: ${(error as Error).message}`,
      });
      return { ack: false };
    }
  }

  async #route(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    route: InboundTopic,
    text: string,
    qos: number,
  ): Promise<PublishOutcome> {
    const invalid = (message: string) => this.#invalid(session, device, topic, qos, message);
    switch (route.kind) {
      case 'telemetry': {
        const points = decodeTelemetry(text, Date.now(), this.d.typing());
        if (!points.ok) return invalid(points.error.message);
        if (this.#overLimit(session, device, topic, 'telemetryMessages', 1)) return RATE_LIMITED;
        if (this.#overLimit(session, device, topic, 'telemetryDataPoints', points.value.length))
          return RATE_LIMITED;
        await this.d.telemetry.save(device.id, points.value);
        return OK;
      }
      case 'attributes': {
        const entries = decodeClientAttributes(text, this.d.typing());
        if (!entries.ok) return invalid(entries.error.message);
        await this.d.attributes.save(device.id, 'CLIENT', entries.value);
        return OK;
      }
      case 'attributesRequest':
        return this.#attributesRequest(
          session,
          device,
          route.family,
          route.requestId,
          text,
          invalid,
        );
      case 'rpcResponse': {
        const handled = await this.d.rpc.handleReply(device.id, route.requestId, text);
        if (!handled)
          this.#event(
            session,
            device,
            topic,
            'dropped',
            `no server-side RPC ${String(route.requestId)} is waiting for a reply`,
          );
        return OK;
      }
      case 'rpcRequest': {
        const request = decodeClientRpcRequest(text);
        if (!request.ok) return invalid(request.error.message);
        const { family, requestId } = route;
        const { method, params } = request.value;
        return {
          ack: true,
          after: () =>
            this.d.clientRpc.handle(session, family, requestId, { method, params, raw: text }),
        };
      }
      case 'badId':
        return invalid(`topic segment "${route.segment}" is not a 32-bit integer id`);
      case 'gateway':
        if (!device.gateway) {
          // spec §4 / §14.4: acknowledged and dropped with an event
          this.#event(
            session,
            device,
            topic,
            'dropped',
            `${device.name} is not a gateway; gateway topics are ignored`,
          );
          return OK;
        }
        {
          const outcome = await this.d.gateway.handle(session, device, route.topic, text);
          if ('invalid' in outcome) return invalid(outcome.invalid);
          return outcome.after ? { ack: true, after: outcome.after } : OK;
        }
      case 'claim': {
        // spec §9: PUBACK once the registration is durable, or once the broker decided not to register
        const claim = decodeClaim(text);
        if (!claim.ok) return invalid(claim.error.message);
        await this.d.claims.register(device, claim.value.secretKey, claim.value.durationMs, {
          clientId: session.link.clientId,
          topic,
        });
        return OK;
      }
      case 'otaChunk': {
        // spec §11: PUBACK then the chunk; an error closes without PUBACK after the text on v2/{fw|sw}/error
        const outcome = await this.d.ota.serveChunk(session, device, topic, route, text);
        return 'invalid' in outcome ? invalid(outcome.invalid) : outcome;
      }
      case 'provision':
      case 'unknown':
        this.#event(
          session,
          device,
          topic,
          'unknown_topic',
          `unknown topic ${topic}; the message was dropped`,
        );
        return { ack: true, v5ReasonCode: V5.UNKNOWN_TOPIC };
    }
  }

  #attributesRequest(
    session: DeviceSession,
    device: DeviceRecord,
    family: Family,
    requestId: number,
    text: string,
    invalid: (message: string) => PublishOutcome,
  ): PublishOutcome {
    const request = decodeAttributeRequest(text);
    if (!request.ok) return invalid(request.error.message);
    const { clientKeys, sharedKeys } = request.value;
    const all = clientKeys === undefined && sharedKeys === undefined;
    const client =
      all || clientKeys ? this.d.attributes.get(device.id, 'CLIENT', clientKeys) : undefined;
    const shared =
      all || sharedKeys ? this.d.attributes.get(device.id, 'SHARED', sharedKeys) : undefined;
    const response = encodeAttributeResponse(client, shared);
    return {
      ack: true,
      after: () => void session.send(outboundTopic.attributesResponse(family, requestId), response),
    };
  }

  /** spec §1.5, §10: a provision session may publish only provisioning requests. */
  async #provisionSession(
    session: DeviceSession,
    topic: string,
    route: InboundTopic,
    payload: Buffer,
  ): Promise<PublishOutcome> {
    // spec §4, §10: on MQTT 5 an invalid request gets PUBACK 0x99 (QoS 0: dropped) and the session stays open,
    // the reference's answer to a request that is neither JSON nor Protobuf; MQTT 3.1.1 closes without a PUBACK
    const keepsOpen = session.link.protocolVersion === 5;
    const refuse = (): PublishOutcome =>
      keepsOpen
        ? { ack: true, v5ReasonCode: V5.INVALID_PAYLOAD }
        : { ack: false, v5Disconnect: V5.INVALID_PAYLOAD };
    const event = (kind: 'unknown_topic' | 'invalid_payload' | 'dropped', message: string) =>
      this.d.events.record({ kind, clientId: session.link.clientId, topic, message });
    if (route.kind !== 'provision') {
      event(
        'unknown_topic',
        'a provision session may only publish to the provisioning topics; closing the connection',
      );
      // spec §1.5 and §1.1: PUBACK (v5: 0x90, unknown topic), then the close
      return { ack: true, v5ReasonCode: V5.UNKNOWN_TOPIC, closeAfterAck: true };
    }
    // spec §10: not a JSON object but a ProvisionDeviceRequestMsg → Protobuf request and reply (protobuf-device-api.ts)
    const binary = this.d.protobuf.provision(session, payload);
    let text = '';
    if (!binary) {
      try {
        text = utf8.decode(payload);
      } catch {
        event(
          'invalid_payload',
          `invalid provision request: payload is neither a JSON object nor a Protobuf ProvisionDeviceRequestMsg${keepsOpen ? '' : '; closing the connection'}`,
        );
        return refuse();
      }
    }
    const outcome = await (binary ?? this.d.provision.handle(session, text));
    if ('invalid' in outcome) {
      event(
        'invalid_payload',
        `invalid provision request: ${outcome.invalid}${keepsOpen ? '' : '; closing the connection'}`,
      );
      return refuse();
    }
    if ('closeAfterAck' in outcome) {
      event(
        'dropped',
        `provision request refused: ${outcome.closeAfterAck}; closing the connection`,
      );
      return { ack: true, closeAfterAck: true };
    }
    return { ack: true, after: outcome.after };
  }

  /** spec §13: a device over a configured rate limit is disconnected (no PUBACK), with a `dropped` event. */
  #overLimit(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    name: LimitName,
    n: number,
  ): boolean {
    const exceeded = this.d.rateLimits.take(device.id, device.gateway, name, n);
    if (exceeded === null) return false;
    this.#event(
      session,
      device,
      topic,
      'dropped',
      `${exceeded}; message dropped and connection closed`,
    );
    return true;
  }

  /** spec §4: invalid payloads close 3.1.1 connections unless the profile acks them; v5 gets 0x99. */
  #invalid(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    qos: number,
    message: string,
  ): PublishOutcome {
    const profile = this.d.storage.profiles.get(device.profileId);
    const v5 = session.link.protocolVersion === 5;
    const keepOpen = v5 || (qos > 0 && profile?.sendAckOnValidationException === true);
    this.#event(
      session,
      device,
      topic,
      'invalid_payload',
      `invalid payload from ${device.name} on ${topic}: ${message}${keepOpen ? '' : '; closing the connection'}`,
    );
    if (!keepOpen) return { ack: false, v5Disconnect: V5.INVALID_PAYLOAD };
    return v5 ? { ack: true, v5ReasonCode: V5.INVALID_PAYLOAD } : OK;
  }

  #event(
    session: DeviceSession,
    device: DeviceRecord,
    topic: string,
    kind: 'dropped' | 'unknown_topic' | 'invalid_payload',
    message: string,
  ): void {
    this.d.events.record({
      kind,
      deviceId: device.id,
      deviceName: device.name,
      clientId: session.link.clientId,
      topic,
      message,
    });
  }
}
