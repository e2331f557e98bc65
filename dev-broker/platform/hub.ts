import type { TypingOptions } from '../../src/protocol/kv-typing.ts';
import type { Settings } from '../config/settings.ts';
import { Faults } from '../faults/faults.ts';
import { attachSessionFaults } from '../faults/session-faults.ts';
import type { Storage } from '../storage/storage.ts';

import { ActivityService } from './activity-service.ts';
import { AttributesService } from './attributes-service.ts';
import { ClaimService } from './claim-service.ts';
import { ClientRpcService, type ClientRpcRule } from './client-rpc-service.ts';
import { Connections } from './connections.ts';
import { DeviceApi } from './device-api.ts';
import { DevicesService } from './devices-service.ts';
import { EventsService } from './events-service.ts';
import { GatewayNotifications } from './gateway-notifications.ts';
import { GatewayService } from './gateway-service.ts';
import type { Logger } from './logger.ts';
import type { OperatorAccounts } from './operator-accounts.ts';
import { OtaService } from './ota-service.ts';
import { ProfilesService } from './profiles-service.ts';
import { ProtobufDeviceApi } from './protobuf-device-api.ts';
import { ProvisionService } from './provision-service.ts';
import { RateLimiter } from './rate-limits.ts';
import { RpcService } from './rpc-service.ts';
import { SessionRegistry } from './session-registry.ts';
import { TelemetryService } from './telemetry-service.ts';

/**
 * The platform services, in-process. The broker core adapter, the operator API and tests all go
 * through these; nothing else touches storage.
 */
export interface Hub {
  readonly settings: Settings;
  readonly devices: DevicesService;
  readonly profiles: ProfilesService;
  readonly telemetry: TelemetryService;
  readonly attributes: AttributesService;
  readonly rpc: RpcService;
  readonly clientRpc: ClientRpcService;
  readonly events: EventsService;
  readonly sessions: SessionRegistry;
  readonly activity: ActivityService;
  readonly gateway: GatewayService;
  readonly provision: ProvisionService;
  /** Claiming (spec §9): registrations, operator claim/reclaim, customers. */
  readonly claims: ClaimService;
  /** Firmware and software OTA (spec §11): packages, assignments, chunk serving, progress. */
  readonly ota: OtaService;
  readonly operators: OperatorAccounts;
  /** Fault injection rules (ADR 0011): the broker misbehaves on purpose. */
  readonly faults: Faults;
  /** Used by the broker core adapter. */
  readonly connections: Connections;
  readonly deviceApi: DeviceApi;
  /**
   * Swaps the whole stored state (reset, restore): closes every device and provisioning session (operator
   * sessions stay), forgets in-memory state (pending RPCs, client RPC rules and requests, rate counts),
   * runs `replace` — which must apply its storage writes before it returns and resolve once they are
   * durable — then rebuilds what derives from storage (activity, the persistent RPC queue).
   */
  replaceState(replace: () => Promise<void>, clientRpcRules: ClientRpcRule[]): Promise<void>;
  dispose(): void;
}

/** MQTT 5 DISCONNECT reason for the sessions a reset or restore closes: "Administrative action". */
const ADMINISTRATIVE_ACTION = 0x98;

/** Wires the services over one storage; resolves once the default profile exists and RPCs are restored. */
export async function createHub(
  storage: Storage,
  settings: Settings,
  log: Logger,
  operators: OperatorAccounts,
): Promise<Hub> {
  const getSettings = () => settings;
  const typing = (): TypingOptions => ({
    typeCastEnabled: settings.typeCastEnabled,
    maxStringValueLength: settings.maxStringValueLength,
  });
  const sessions = new SessionRegistry();
  const events = new EventsService(storage, log, getSettings);
  const profiles = new ProfilesService(storage);
  await profiles.ensureDefault();
  const devices = new DevicesService(storage, profiles, sessions, events);
  const faults = new Faults({ events, deviceName: (ref) => devices.find(ref)?.name });
  const detachSessionFaults = attachSessionFaults(faults, sessions);
  const telemetry = new TelemetryService(storage);
  const attributes = new AttributesService(storage, sessions, typing);
  const rpc = new RpcService(storage, sessions, getSettings);
  rpc.restorePersistent();
  const clientRpc = new ClientRpcService(getSettings, events);
  const activity = new ActivityService(storage, getSettings);
  attributes.onChange((change) => {
    activity.attributeChanged(change);
  });
  devices.lastActivity = (id) => activity.lastActivity(id);
  devices.gatewayNotices = new GatewayNotifications({ storage, sessions, attributes, rpc, events });
  const connections = new Connections({
    storage,
    sessions,
    events,
    rpc,
    activity,
    operators,
    settings: getSettings,
  });
  const claims = new ClaimService(storage, attributes, events, getSettings);
  const gateway = new GatewayService({
    devices,
    profiles,
    telemetry,
    attributes,
    rpc,
    sessions,
    events,
    activity,
    typing,
    scope: () => settings.gateway.scope,
    claim: claims.gatewayClaim,
  });
  const provision = new ProvisionService(storage, devices, attributes, getSettings);
  const rateLimits = new RateLimiter(getSettings);
  const ota = new OtaService({
    storage,
    attributes,
    telemetry,
    events,
    settings: getSettings,
    faults,
  });
  const protobuf = new ProtobufDeviceApi({
    storage,
    telemetry,
    attributes,
    rpc,
    clientRpc,
    claims,
    gateway,
    provision,
    typing,
  });
  const deviceApi = new DeviceApi({
    storage,
    events,
    telemetry,
    attributes,
    rpc,
    clientRpc,
    activity,
    gateway,
    provision,
    claims,
    ota,
    rateLimits,
    typing,
    protobuf,
    faults,
  });
  return {
    settings,
    devices,
    profiles,
    telemetry,
    attributes,
    rpc,
    clientRpc,
    events,
    sessions,
    activity,
    gateway,
    provision,
    claims,
    ota,
    operators,
    faults,
    connections,
    deviceApi,
    async replaceState(replace, clientRpcRules) {
      const reason = 'the broker state was replaced (reset or restore)';
      faults.clear(); // fault injection rules are test state too (ADR 0011)
      for (const session of sessions.all()) {
        if (session.principal.kind === 'operator') continue;
        session.closeReason = reason;
        session.link.close(ADMINISTRATIVE_ACTION);
        connections.close(session, reason); // now: its disconnect write lands before the swap
      }
      rpc.reset();
      clientRpc.reset(clientRpcRules);
      rateLimits.forgetAll();
      const durable = replace();
      const defaultProfile = profiles.ensureDefault();
      activity.reload();
      rpc.restorePersistent();
      await Promise.all([durable, defaultProfile]);
    },
    dispose() {
      detachSessionFaults();
      connections.dispose();
      events.dispose();
      rpc.dispose();
      clientRpc.dispose();
      activity.dispose();
      ota.dispose();
    },
  };
}
