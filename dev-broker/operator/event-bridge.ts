import type {
  AttributesEvent,
  BrokerEventKind,
  RpcEvent,
  TelemetryEvent,
} from '../../src/protocol/operator-events.ts';
import { operatorEventTopic, type OperatorEventKind } from '../../src/protocol/operator-topics.ts';
import { filterMatches } from '../../src/protocol/topics.ts';
import type { AttributeChange } from '../platform/attributes-service.ts';
import type { Hub } from '../platform/hub.ts';
import type { RpcChange } from '../platform/rpc-service.ts';
import type { EventRecord } from '../storage/storage.ts';

import { attachClaimOtaEvents } from './claim-ota-event-bridge.ts';
import { eventDto, telemetryPointDto, typedValueDto } from './dto.ts';

/**
 * Publishes platform changes to operator sessions whose subscriptions match (ADR 0004):
 * `operator/v1/events/{deviceId}/{kind}` and `operator/v1/events/_broker/{kind}`. Each message goes
 * to one connection with `session.send`. Payloads are built only when someone listens, and never carry
 * credentials. Returns the function that detaches the bridge.
 */
export function attachEventBridge(hub: Hub): () => void {
  const deviceName = (deviceId: string) => hub.devices.find(deviceId)?.name ?? null;

  /** Sends `build()` as JSON to every operator session subscribed to `topic`. */
  function publish(topic: string, build: () => unknown): void {
    let payload: string | undefined;
    for (const session of hub.sessions.operators()) {
      if (session.closed || !subscribedTo(session.subscriptions.keys(), topic)) continue;
      payload ??= JSON.stringify(build());
      void session.send(topic, payload);
    }
  }

  const onTelemetry = hub.telemetry.onSaved((deviceId, points) => {
    publish(operatorEventTopic(deviceId, 'telemetry'), (): TelemetryEvent => ({
      deviceId,
      deviceName: deviceName(deviceId),
      points: points.map(telemetryPointDto),
    }));
  });

  const onAttributes = hub.attributes.onChange((change) => {
    publish(operatorEventTopic(change.deviceId, 'attributes'), () =>
      attributesEvent(change, deviceName(change.deviceId)),
    );
  });

  const onRpc = hub.rpc.onChange((change) => {
    publish(operatorEventTopic(change.deviceId, 'rpc'), () =>
      rpcEvent(change, deviceName(change.deviceId)),
    );
  });

  const onClientRpc = hub.clientRpc.onPending((pending) => {
    publish(operatorEventTopic(pending.deviceId, 'client_rpc'), () => pending);
  });

  const onEvent = hub.events.subscribe((event) => {
    publish(recordTopic(event), () => eventDto(event));
  });

  const onClaimOta = attachClaimOtaEvents(hub, publish);

  return () => {
    for (const off of [onTelemetry, onAttributes, onRpc, onClientRpc, onEvent, onClaimOta]) off();
  };
}

function subscribedTo(filters: Iterable<string>, topic: string): boolean {
  for (const filter of filters) if (filterMatches(filter, topic)) return true;
  return false;
}

/** Session changes go to `session`, refusals to `error`; events that name no device go to `_broker`. */
function recordTopic(event: EventRecord): string {
  const deviceKind: OperatorEventKind =
    event.kind === 'session_opened' || event.kind === 'session_closed' ? 'session' : 'error';
  if (event.deviceId !== null) return operatorEventTopic(event.deviceId, deviceKind);
  const brokerKind: BrokerEventKind = event.kind === 'auth_failed' ? 'auth_failed' : deviceKind;
  return operatorEventTopic(null, brokerKind);
}

function attributesEvent(change: AttributeChange, deviceName: string | null): AttributesEvent {
  const base = { deviceId: change.deviceId, deviceName, scope: change.scope };
  return change.kind === 'updated'
    ? { ...base, change: 'updated', values: change.entries.map(typedValueDto) }
    : { ...base, change: 'deleted', keys: change.keys };
}

export function rpcEvent(change: RpcChange, deviceName: string | null): RpcEvent {
  const reply = change.reply;
  return {
    deviceId: change.deviceId,
    deviceName,
    requestId: change.requestId,
    rpcId: change.rpcId,
    method: change.method,
    status: change.status,
    ...(reply === undefined
      ? {}
      : reply.json
        ? { json: true, response: reply.value }
        : { json: false, response: reply.text }),
  };
}
