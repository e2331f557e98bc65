import type {
  ClaimEvent,
  OtaEvent,
  ProvisionEvent,
} from '../../src/protocol/operator-claim-ota-events.ts';
import { operatorEventTopic } from '../../src/protocol/operator-topics.ts';
import type { ClaimChange } from '../platform/claim-service.ts';
import type { Hub } from '../platform/hub.ts';
import type { OtaChange } from '../platform/ota-service.ts';
import type { ProvisionResult } from '../platform/provision-service.ts';

/** Sends `build()` to the operator sessions subscribed to `topic` (event-bridge.ts). */
export type EventPublisher = (topic: string, build: () => unknown) => void;

/**
 * The `claim`, `provision` and `ota` events (docs/operator-api.md "Events"): claiming changes,
 * provisioning outcomes and OTA progress. Payloads are built field by field, so a claim secret or
 * issued credentials can never leak into them. Returns the function that detaches these listeners.
 */
export function attachClaimOtaEvents(hub: Hub, publish: EventPublisher): () => void {
  const offClaims = hub.claims.onChange((change) => {
    publish(operatorEventTopic(change.deviceId, 'claim'), () => claimEvent(change));
  });
  const offProvision = hub.provision.onResult((result) => {
    const event = provisionEvent(hub, result);
    publish(operatorEventTopic(event.deviceId, 'provision'), () => event);
  });
  const offOta = hub.ota.onChange((change) => {
    publish(operatorEventTopic(change.deviceId, 'ota'), () => otaEvent(hub, change));
  });
  return () => {
    for (const off of [offClaims, offProvision, offOta]) off();
  };
}

function claimEvent(c: ClaimChange): ClaimEvent {
  const base = { deviceId: c.deviceId, deviceName: c.deviceName };
  switch (c.kind) {
    case 'registered':
      return { ...base, change: 'registered', expiresAt: c.expiresAt };
    case 'claimed':
      return {
        ...base,
        change: 'claimed',
        result: c.result,
        customerId: c.customerId,
        customerName: c.customerName,
      };
    case 'reclaimed':
      return {
        ...base,
        change: 'reclaimed',
        customerId: c.customerId,
        customerName: c.customerName,
      };
  }
}

/** On SUCCESS the request created or provisioned the named device; otherwise no device is named. */
function provisionEvent(hub: Hub, r: ProvisionResult): ProvisionEvent {
  const status = r.response.status;
  const device =
    status === 'SUCCESS' && r.deviceName !== null ? hub.devices.find(r.deviceName) : undefined;
  const profile = r.profile === null ? undefined : hub.profiles.findByName(r.profile);
  return {
    deviceId: device?.id ?? null,
    deviceName: r.deviceName,
    profileName: r.profile,
    provisionType: profile?.provisionType ?? null,
    status,
    credentialsType: r.response.status === 'SUCCESS' ? r.response.credentialsType : null,
  };
}

function otaEvent(hub: Hub, c: OtaChange): OtaEvent {
  const base = { deviceId: c.deviceId, deviceName: hub.devices.find(c.deviceId)?.name ?? null };
  switch (c.kind) {
    case 'assigned': {
      const pkg = hub.ota.list().find((p) => p.id === c.packageId);
      return {
        ...base,
        change: 'assigned',
        type: c.type,
        packageId: c.packageId,
        title: pkg?.title ?? null,
        version: pkg?.version ?? null,
        via: c.via,
      };
    }
    case 'unassigned':
      return { ...base, change: 'unassigned', type: c.type };
    case 'chunk':
      return {
        ...base,
        change: 'chunk',
        type: c.type,
        packageId: c.packageId,
        requestId: c.requestId,
        chunk: c.chunk,
        offset: c.offset,
        bytes: c.bytes,
        fileSize: c.fileSize,
      };
    case 'state':
      return { ...base, change: 'state', type: c.type, state: c.state, error: c.error, ts: c.ts };
  }
}
