import type { ClaimRequest } from '../../src/protocol/codecs/claim.ts';
import {
  encodeGatewayAttributeResponse,
  encodeGatewayDisconnectNotice,
  type GatewayAttributeRequest,
  type IgnoredEntry,
  type PerDevice,
} from '../../src/protocol/codecs/gateway.ts';
import { kvValueToJson } from '../../src/protocol/kv-json.ts';
import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import {
  encodeProtoGatewayAttributeResponse,
  encodeProtoGatewayDisconnect,
} from '../../src/protocol/proto/gateway-proto.ts';
import { GATEWAY_TOPICS, type GatewayTopicKind } from '../../src/protocol/topics.ts';
import type { DeviceRecord } from '../storage/storage.ts';

import type { ActivityService } from './activity-service.ts';
import type { AttributesService } from './attributes-service.ts';
import type { DeviceSession } from './device-session.ts';
import type { DevicesService } from './devices-service.ts';
import type { EventsService } from './events-service.ts';
import { decodeJsonGatewayMessage, type GatewayMessage } from './gateway-messages.ts';
import { protoBytes, type WireFormat } from './payload-format.ts';
import { DEFAULT_PROFILE, type ProfilesService } from './profiles-service.ts';
import type { RpcService } from './rpc-service.ts';
import type { SessionRegistry } from './session-registry.ts';
import type { TelemetryService } from './telemetry-service.ts';

/** MQTT 5 DISCONNECT reason "Unspecified error", as the reference's notice carries it. */
const UNSPECIFIED_ERROR = 0x80;

/** What the device API does with a gateway message: invalid (spec §4 rules), or acknowledge then `after`. */
export type GatewayOutcome = { invalid: string } | { ok: true; after?: () => void };

export interface GatewayDeps {
  devices: DevicesService;
  profiles: ProfilesService;
  telemetry: TelemetryService;
  attributes: AttributesService;
  rpc: RpcService;
  sessions: SessionRegistry;
  events: EventsService;
  activity: ActivityService;
  typing: () => TypingOptions;
  /** `gateway.scope`: `any` (the reference) or `own` (devices created by or assigned to the gateway). */
  scope: () => 'any' | 'own';
  /** Claim registration for a sub-device, when claiming is available. */
  claim?: (
    device: DeviceRecord,
    secretKey: string,
    durationMs: number | undefined,
  ) => Promise<void>;
}

const OK: GatewayOutcome = { ok: true };

/** The gateway API (spec §12) for devices whose gateway flag is set. */
export class GatewayService {
  constructor(private readonly d: GatewayDeps) {}

  /** A JSON gateway message (spec §12). */
  async handle(
    session: DeviceSession,
    gateway: DeviceRecord,
    kind: GatewayTopicKind,
    text: string,
  ): Promise<GatewayOutcome> {
    const msg = decodeJsonGatewayMessage(kind, text, Date.now(), this.d.typing());
    if (!msg.ok) return { invalid: msg.error.message };
    return this.apply(session, gateway, msg.value, 'json');
  }

  /** A decoded gateway message, JSON or Protobuf; an attribute response is sent in `format` (spec §2, §12). */
  async apply(
    session: DeviceSession,
    gateway: DeviceRecord,
    msg: GatewayMessage,
    format: WireFormat,
  ): Promise<GatewayOutcome> {
    switch (msg.topic) {
      case 'connect':
        await this.#connectSubDevice(session, gateway, msg.device, format, msg.type);
        return OK;
      case 'disconnect': {
        const device = this.d.devices.find(msg.device);
        if (device) this.d.sessions.detachSubDevice(device.id, session); // PUBACK even if unknown
        return OK;
      }
      case 'telemetry':
        this.#ignored(session, gateway, GATEWAY_TOPICS.telemetry, msg.entries.ignored);
        await this.#forEach(session, gateway, format, msg.entries.entries, (device, points) =>
          this.d.telemetry.save(device.id, points),
        );
        return OK;
      case 'attributes':
        this.#ignored(session, gateway, GATEWAY_TOPICS.attributes, msg.entries.ignored);
        // spec §2.3: a Protobuf AttributesMsg with shared=true is saved in SHARED scope
        await this.#forEach(session, gateway, format, msg.entries.entries, (device, part) =>
          this.d.attributes.save(device.id, part.shared ? 'SHARED' : 'CLIENT', part.kvs),
        );
        return OK;
      case 'attributesRequest':
        return this.#attributesRequest(session, gateway, msg.request, format);
      case 'rpc':
        return this.#rpcReply(session, gateway, msg.reply);
      case 'claim':
        return this.#claim(session, gateway, msg.entries, format);
    }
  }

  /** Finds or creates the sub-device and marks it connected through this gateway session. */
  async #connectSubDevice(
    session: DeviceSession,
    gateway: DeviceRecord,
    name: string,
    format: WireFormat,
    type?: string,
  ): Promise<DeviceRecord | undefined> {
    let device = this.d.devices.find(name);
    if (device && !this.#mayActFor(gateway, device)) {
      this.#notOwn(session, gateway, GATEWAY_TOPICS.connect, name);
      return undefined;
    }
    if (!device) {
      try {
        const profile = type ?? DEFAULT_PROFILE;
        if (!this.d.profiles.findByName(profile)) await this.d.profiles.create({ name: profile });
        device = (await this.d.devices.create({ name, profile, type: profile })).device;
        await this.d.attributes.save(
          device.id,
          'SERVER',
          this.d.attributes.toEntries({
            createdByGateway: gateway.id,
            createdByGatewayName: gateway.name,
          }),
        );
      } catch (error) {
        this.#event(
          session,
          gateway,
          GATEWAY_TOPICS.connect,
          `sub-device "${name}" could not be created: ${(error as Error).message}; its part was dropped`,
        );
        this.#disconnectNotice(session, name, format);
        return undefined;
      }
    }
    this.d.activity.touch(device.id);
    if (this.d.sessions.attachSubDevice(device.id, session)) this.d.rpc.deliverPending(device.id);
    return device;
  }

  /**
   * MQTT 5: the broker tells the gateway that it closed a sub-device's session, on `v1/gateway/disconnect`
   * (the reference's `GatewayDisconnectDeviceMsg`, or `{"device","reason"}` in JSON), reason 0x80 (spec §12).
   */
  #disconnectNotice(session: DeviceSession, device: string, format: WireFormat): void {
    if (session.link.protocolVersion !== 5) return;
    const payload =
      format === 'protobuf'
        ? protoBytes(encodeProtoGatewayDisconnect(device, UNSPECIFIED_ERROR))
        : encodeGatewayDisconnectNotice(device, UNSPECIFIED_ERROR);
    void session.send(GATEWAY_TOPICS.disconnect, payload);
  }

  async #forEach<T>(
    session: DeviceSession,
    gateway: DeviceRecord,
    format: WireFormat,
    entries: { device: string; value: T }[],
    store: (device: DeviceRecord, value: T) => Promise<void>,
  ): Promise<void> {
    const writes: Promise<void>[] = [];
    for (const { device: name, value } of entries) {
      const device = await this.#connectSubDevice(session, gateway, name, format);
      if (device) writes.push(store(device, value));
    }
    await Promise.all(writes); // spec §12: one PUBACK once every device's part is stored
  }

  #attributesRequest(
    session: DeviceSession,
    gateway: DeviceRecord,
    request: GatewayAttributeRequest,
    format: WireFormat,
  ): GatewayOutcome {
    const { id, device: name, client, keys, single } = request;
    let device = this.d.devices.find(name);
    if (device && !this.#mayActFor(gateway, device)) {
      this.#notOwn(session, gateway, GATEWAY_TOPICS.attributesRequest, name);
      device = undefined; // answered as for an unknown device
    }
    const stored = device
      ? this.d.attributes.get(device.id, client ? 'CLIENT' : 'SHARED', keys)
      : [];
    const byKey = new Map(stored.map((a) => [a.key, a]));
    const found = keys.flatMap((key) => byKey.get(key) ?? []);
    const payload =
      format === 'protobuf'
        ? protoBytes(encodeProtoGatewayAttributeResponse(request, found))
        : encodeGatewayAttributeResponse(
            id,
            name,
            single,
            found.map((a) => ({ key: a.key, json: kvValueToJson(a.value) })),
          );
    return { ok: true, after: () => void session.send(GATEWAY_TOPICS.attributesResponse, payload) };
  }

  async #rpcReply(
    session: DeviceSession,
    gateway: DeviceRecord,
    reply: { device: string; id: number; dataJson: string },
  ): Promise<GatewayOutcome> {
    const found = this.d.devices.find(reply.device);
    const device = found && this.#mayActFor(gateway, found) ? found : undefined;
    const handled = device
      ? await this.d.rpc.handleReply(device.id, reply.id, reply.dataJson)
      : false;
    if (!handled)
      this.#event(
        session,
        gateway,
        GATEWAY_TOPICS.rpc,
        `no RPC ${String(reply.id)} of "${reply.device}" is waiting for a reply; dropped`,
      );
    return OK;
  }

  async #claim(
    session: DeviceSession,
    gateway: DeviceRecord,
    entries: PerDevice<ClaimRequest>,
    format: WireFormat,
  ): Promise<GatewayOutcome> {
    this.#ignored(session, gateway, GATEWAY_TOPICS.claim, entries.ignored);
    const claim = this.d.claim;
    if (!claim) {
      this.#event(
        session,
        gateway,
        GATEWAY_TOPICS.claim,
        'claiming is not available in this version of the dev broker; dropped',
      );
      return OK;
    }
    await this.#forEach(session, gateway, format, entries.entries, (device, c) =>
      claim(device, c.secretKey, c.durationMs),
    );
    return OK;
  }

  /**
   * By default (`gateway.scope` `any`) a gateway may speak for any device by name, as the reference
   * allows. With `own`, only for devices whose server attribute `createdByGateway` holds its id: the
   * ones it created, or that an operator assigned to it by setting that attribute.
   */
  #mayActFor(gateway: DeviceRecord, device: DeviceRecord): boolean {
    if (this.d.scope() === 'any') return true;
    const [owner] = this.d.attributes.get(device.id, 'SERVER', ['createdByGateway']);
    return owner?.value.type === 'STRING' && owner.value.value === gateway.id;
  }

  #notOwn(session: DeviceSession, gateway: DeviceRecord, topic: string, name: string): void {
    this.#event(
      session,
      gateway,
      topic,
      `gateway "${gateway.name}" may not act for device "${name}": it neither created it nor was assigned it (server attribute createdByGateway; setting gateway.scope is "own"); dropped`,
    );
  }

  #ignored(
    session: DeviceSession,
    gateway: DeviceRecord,
    topic: string,
    ignored: IgnoredEntry[],
  ): void {
    for (const entry of ignored)
      this.#event(session, gateway, topic, `${entry.reason}; entry ignored`);
  }

  #event(session: DeviceSession, gateway: DeviceRecord, topic: string, message: string): void {
    this.d.events.record({
      kind: 'dropped',
      deviceId: gateway.id,
      deviceName: gateway.name,
      clientId: session.link.clientId,
      topic,
      message,
    });
  }
}
