import type { QueryClient } from '@tanstack/react-query';

import type { OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import { batchPerFrame } from '@/lib/batch-per-frame.ts';
import type {
  AttributeDto,
  PendingClientRpcDto,
  TelemetryPointDto,
} from '@protocol/operator-dto.ts';
import type { OtaEvent } from '@protocol/operator-events.ts';
import type { OtaDeviceStatusDto } from '@protocol/operator-ota-dto.ts';

import { createActivityPatches } from './activity-patches.ts';
import { addDevicePatch, patchCachedDevices, type DevicePatch } from './device-cache-patch.ts';
import { operatorKeys } from './operator-keys.ts';

/** Device lists take telemetry activity at most this often, ms (they show it to the second). */
const ACTIVITY_MS = 1000;

/** What one event asks of the device rows: patches gathered per batch, and devices to ask again. */
interface DeviceUpdates {
  patches: Map<string, DevicePatch>;
  recheck: Set<string>;
}

function mergeLatest(
  current: TelemetryPointDto[] | undefined,
  points: TelemetryPointDto[],
): TelemetryPointDto[] | undefined {
  if (current === undefined) return current;
  const byKey = new Map(current.map((p) => [p.key, p]));
  for (const point of points) {
    const known = byKey.get(point.key);
    if (known === undefined || known.ts <= point.ts) byKey.set(point.key, point);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The device's `fw_state` / `sw_state` as the event tells it, until `ota.status` answers again. */
function patchOtaState(queryClient: QueryClient, event: Extract<OtaEvent, { change: 'state' }>) {
  const side = event.type === 'FIRMWARE' ? 'firmware' : 'software';
  queryClient.setQueryData<OtaDeviceStatusDto[]>(operatorKeys.otaStatus(), (rows) =>
    rows?.map((r) =>
      r.deviceId === event.deviceId
        ? {
            ...r,
            [side]: { ...r[side], state: event.state, stateTs: event.ts, error: event.error },
          }
        : r,
    ),
  );
}

/**
 * One event applied to the query cache: `setQueryData` where the event carries the data, else
 * invalidation. Device row changes go to `updates`, applied once for the whole batch.
 */
function apply(queryClient: QueryClient, event: OperatorEvent, updates: DeviceUpdates): void {
  const { deviceId } = event;
  switch (event.kind) {
    case 'telemetry':
      return; // batched per frame by the bridge (applyTelemetry)
    case 'attributes': {
      const { scope } = event.payload;
      const change = event.payload;
      queryClient.setQueryData<AttributeDto[]>(operatorKeys.attributes(deviceId, scope), (rows) => {
        if (rows === undefined) return rows;
        if (change.change === 'deleted') return rows.filter((r) => !change.keys.includes(r.key));
        const byKey = new Map(rows.map((r) => [r.key, r]));
        for (const v of change.values)
          byKey.set(v.key, { ...v, scope, lastUpdateTs: event.receivedAt });
        return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
      });
      // A gateway created a sub-device (spec §10): the list and its nesting change.
      if (change.change === 'updated' && change.values.some((v) => v.key === 'createdByGateway')) {
        void queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
        void queryClient.invalidateQueries({ queryKey: operatorKeys.gatewayChildren() });
      }
      return;
    }
    case 'session': {
      const opened = event.payload.kind === 'session_opened';
      addDevicePatch(updates.patches, deviceId, {
        lastActivityTime: event.payload.ts,
        ...(opened ? { online: true } : {}),
      });
      // Another session may still be open: the broker knows (asked for this device only, not
      // every loaded page of the list again).
      if (!opened) updates.recheck.add(deviceId);
      void queryClient.invalidateQueries({ queryKey: operatorKeys.sessions(deviceId) });
      void queryClient.invalidateQueries({ queryKey: operatorKeys.events(deviceId) });
      return;
    }
    case 'rpc':
      void queryClient.invalidateQueries({ queryKey: operatorKeys.rpcs(deviceId) });
      return;
    case 'client_rpc':
      queryClient.setQueryData<PendingClientRpcDto[]>(operatorKeys.pendingClientRpc(), (rows) =>
        rows === undefined || rows.some((r) => r.id === event.payload.id)
          ? rows
          : [...rows, event.payload],
      );
      return;
    case 'error':
      void queryClient.invalidateQueries({ queryKey: operatorKeys.events(deviceId) });
      // a fault injection rule fired: what it has left changed (or it is gone)
      if (event.payload.kind === 'fault_injected')
        void queryClient.invalidateQueries({ queryKey: operatorKeys.faults() });
      return;
    case 'ota':
      // A served chunk changes no query (features count chunks from the events themselves).
      if (event.payload.change === 'chunk') return;
      if (event.payload.change === 'state') patchOtaState(queryClient, event.payload);
      // Assignments, and UPDATED's current title and version, come with the next `ota.status`.
      void queryClient.invalidateQueries({ queryKey: operatorKeys.otaStatus() });
      return;
    case 'claim':
      // The device's owner changed, and with it the customers' device counts.
      void queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
      void queryClient.invalidateQueries({ queryKey: operatorKeys.customers() });
      // Registered, claimed or reclaimed: the list of devices waiting to be claimed changed.
      void queryClient.invalidateQueries({ queryKey: operatorKeys.claimRegistrations() });
      return;
    case 'provision':
      void queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
      return;
  }
}

/**
 * A frame's telemetry events: one merge into each device's latest values, and the activity handed
 * to the (throttled) device-list patch.
 */
function applyTelemetry(
  queryClient: QueryClient,
  events: readonly Extract<OperatorEvent, { kind: 'telemetry' }>[],
  activity: { note: (deviceId: string, ts: number) => void },
): void {
  const byDevice = new Map<string, TelemetryPointDto[]>();
  for (const { deviceId, payload, receivedAt } of events) {
    let newest = receivedAt;
    for (const p of payload.points) newest = Math.max(newest, p.ts);
    activity.note(deviceId, newest);
    const points = byDevice.get(deviceId);
    if (points === undefined) byDevice.set(deviceId, [...payload.points]);
    else points.push(...payload.points);
  }
  for (const [deviceId, points] of byDevice)
    queryClient.setQueryData<TelemetryPointDto[]>(operatorKeys.latest(deviceId), (current) =>
      mergeLatest(current, points),
    );
}

/**
 * The one place where operator events become cache updates (style.md habit 5). Events are applied
 * once per animation frame; the client keeps them subscribed (session-operator-client.ts). Returns the function that stops the bridge.
 */
export function installOperatorPushBridge(
  client: OperatorClient,
  queryClient: QueryClient,
): () => void {
  const recheck = (deviceId: string) =>
    client.request('devices.get', { deviceId }).then(
      (d) => {
        patchCachedDevices(
          queryClient,
          new Map([[d.id, { online: d.online, lastActivityTime: d.lastActivityTime }]]),
        );
      },
      // Gone (deleted) or unreachable: the lists ask again.
      () => queryClient.invalidateQueries({ queryKey: operatorKeys.devices() }),
    );
  // Telemetry activity: each device's newest time only. Online state is left to session events and
  // list fetches: a patch handed over late must not mark a device online after its session closed.
  const activity = createActivityPatches((patches) => {
    patchCachedDevices(
      queryClient,
      new Map([...patches].map(([id, ts]) => [id, { lastActivityTime: ts }])),
    );
  }, ACTIVITY_MS);
  const batcher = batchPerFrame<OperatorEvent>((events) => {
    const updates: DeviceUpdates = { patches: new Map(), recheck: new Set() };
    const telemetry: Extract<OperatorEvent, { kind: 'telemetry' }>[] = [];
    for (const event of events)
      if (event.kind === 'telemetry') telemetry.push(event);
      else apply(queryClient, event, updates);
    if (telemetry.length > 0) applyTelemetry(queryClient, telemetry, activity);
    patchCachedDevices(queryClient, updates.patches);
    for (const deviceId of updates.recheck) void recheck(deviceId);
  });
  const stop = client.onEvent((event) => {
    batcher.push(event);
  });
  return () => {
    stop();
    batcher.clear();
    activity.stop();
  };
}
