import type { QueryClient } from '@tanstack/react-query';

import type { OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import { batchPerFrame } from '@/lib/batch-per-frame.ts';
import type {
  AttributeDto,
  DeviceDto,
  PageDto,
  PendingClientRpcDto,
  TelemetryPointDto,
} from '@protocol/operator-dto.ts';
import type { OtaEvent } from '@protocol/operator-events.ts';
import type { OtaDeviceStatusDto } from '@protocol/operator-ota-dto.ts';

import { createActivityPatches, type ActivityPatches } from './activity-patches.ts';
import { operatorKeys } from './operator-keys.ts';

/** Device lists take telemetry activity at most this often, ms (they show it to the second). */
const ACTIVITY_MS = 1000;

type DevicePatch = Partial<Pick<DeviceDto, 'online' | 'lastActivityTime'>>;

function patchDevices(queryClient: QueryClient, deviceId: string, patch: DevicePatch): void {
  queryClient.setQueriesData<PageDto<DeviceDto>>({ queryKey: operatorKeys.devices() }, (page) =>
    page === undefined
      ? page
      : { ...page, items: page.items.map((d) => (d.id === deviceId ? { ...d, ...patch } : d)) },
  );
}

/**
 * Telemetry activity: each device's newest time (never moved back). Online state is left to session
 * events and list fetches: a patch handed over late must not mark a device online after its
 * session closed.
 */
function patchActivity(queryClient: QueryClient, patches: ActivityPatches): void {
  queryClient.setQueriesData<PageDto<DeviceDto>>({ queryKey: operatorKeys.devices() }, (page) => {
    if (page === undefined || !page.items.some((d) => patches.has(d.id))) return page;
    const items = page.items.map((d) => {
      const ts = patches.get(d.id);
      return ts === undefined
        ? d
        : { ...d, lastActivityTime: Math.max(ts, d.lastActivityTime ?? ts) };
    });
    return { ...page, items };
  });
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

/** One event applied to the query cache: `setQueryData` where the event carries the data, else invalidation. */
function apply(queryClient: QueryClient, event: OperatorEvent): void {
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
      patchDevices(queryClient, deviceId, {
        lastActivityTime: event.payload.ts,
        ...(opened ? { online: true } : {}),
      });
      // Another session may still be open: the list knows.
      if (!opened) void queryClient.invalidateQueries({ queryKey: operatorKeys.devices() });
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
  const activity = createActivityPatches((patches) => {
    patchActivity(queryClient, patches);
  }, ACTIVITY_MS);
  const batcher = batchPerFrame<OperatorEvent>((events) => {
    const telemetry: Extract<OperatorEvent, { kind: 'telemetry' }>[] = [];
    for (const event of events)
      if (event.kind === 'telemetry') telemetry.push(event);
      else apply(queryClient, event);
    if (telemetry.length > 0) applyTelemetry(queryClient, telemetry, activity);
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
