import { createStore } from 'zustand/vanilla';

import type { DeviceInbound } from '@/client/device-events.ts';
import type { OperatorCallTrace, OperatorClient, OperatorEvent } from '@/client/operator-client.ts';
import type { DeviceRouter } from '@/lib/device-channel.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';
import { filterMatches, parseIdSegment, responseFilter, type Family } from '@protocol/topics.ts';

import { trackDeviceSide } from './device-side-identity.ts';
import { addStep, hasStep } from './dual-timeline-entry.ts';
import type { TimelineEntry } from './dual-timeline-entry.ts';
import {
  acceptsOtaEvent,
  applyOtaEvent,
  otaAssignEntry,
  otaEventOfDevice,
  otaEventOfPacket,
  rememberPackages,
} from './dual-timeline-ota.ts';
import type { KnownPackage, OtaDeviceEvent } from './dual-timeline-ota.ts';

export interface DualTimelineState {
  entries: readonly TimelineEntry[];
  clear: () => void;
}

const FAMILIES: Family[] = ['v1', 'v2', 'v2j'];
const MAX_ENTRIES = 100;

const matchesAny = (topic: string, filter: (f: Family) => string) =>
  FAMILIES.some((f) => filterMatches(filter(f), topic));
/** Whether an entry still waits for something the device session receives. */
const awaitsDevice = (e: TimelineEntry) =>
  e.kind === 'fault'
    ? false
    : e.kind === 'ota'
      ? e.ota?.done !== true
      : !hasStep(e, 'device received');
const lastSegmentId = (topic: string) => parseIdSegment(topic.slice(topic.lastIndexOf('/') + 1));

/** What the timeline reads of the device session (the app's `MqttSession`). */
export type TimelineDevice = Pick<MqttSession, 'packetLog' | 'store'>;

/**
 * The split view's shared timeline: operator calls (from the operator client's traces) linked to what
 * the device session received (the device router's typed events) and sent (outbound packets in its
 * packet log), with the latency of each step measured from the operator's request.
 */
export function createDualTimeline(
  device: TimelineDevice,
  router: Pick<DeviceRouter, 'on'>,
  operator: Pick<OperatorClient, 'onTrace' | 'onEvent' | 'request'>,
) {
  let nextId = 1;
  let rpcCount = 0;
  const side = trackDeviceSide(device, operator);
  const byTrace = new Map<string, number>();
  const packages = new Map<string, KnownPackage>();
  const store = createStore<DualTimelineState>()((set) => ({
    entries: [],
    clear: () => {
      set({ entries: [] });
    },
  }));
  /** Changes the oldest entry `find` accepts (the newest with `newest`). */
  const update = (
    find: (e: TimelineEntry) => boolean,
    change: (e: TimelineEntry) => TimelineEntry,
    newest = false,
  ) => {
    const entries = store.getState().entries;
    const index = newest ? entries.findLastIndex(find) : entries.findIndex(find);
    const found = entries[index];
    if (found !== undefined) store.setState({ entries: entries.with(index, change(found)) });
  };
  const onOta = (event: OtaDeviceEvent | null, at: number) => {
    if (event === null) return;
    update(
      (e) => acceptsOtaEvent(e, event),
      (e) => applyOtaEvent(e, event, at),
      true,
    );
  };

  const onTrace = (trace: OperatorCallTrace) => {
    if (trace.settledAt !== undefined) {
      if (trace.ok === true) rememberPackages(trace.method, trace.result, packages);
      const id = byTrace.get(trace.id);
      if (id === undefined) return;
      byTrace.delete(trace.id);
      const label =
        trace.ok === true
          ? trace.method === 'rpc.send'
            ? 'operator got result'
            : 'operator got ack'
          : 'operator got error';
      update(
        (e) => e.id === id,
        (e) => addStep(e, label, trace.settledAt ?? Date.now()),
      );
      return;
    }
    side.refresh(); // learn which device the device side is, if not known yet
    const params = (trace.params ?? {}) as Record<string, unknown>;
    const target = { deviceId: params.deviceId, deviceName: params.deviceName };
    let entry: TimelineEntry | null = null;
    if (trace.method === 'rpc.send' && typeof params.method === 'string') {
      rpcCount += 1;
      entry = {
        id: nextId++,
        kind: 'rpc',
        title: `operator RPC #${rpcCount} ${params.method}`,
        startedAt: trace.sentAt,
        steps: [],
        match: { method: params.method, target },
      };
    } else if (
      trace.method === 'attributes.save' &&
      params.scope === 'SHARED' &&
      typeof params.values === 'object' &&
      params.values !== null
    ) {
      const values = params.values as Record<string, unknown>;
      const text = Object.entries(values)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ');
      entry = {
        id: nextId++,
        kind: 'attribute',
        title: `shared attribute ${text}`,
        startedAt: trace.sentAt,
        steps: [],
        match: { keys: Object.keys(values), target },
      };
    } else if (trace.method === 'ota.assign') {
      const ota = otaAssignEntry(params, packages);
      if (ota !== null)
        entry = {
          id: nextId++,
          kind: 'ota',
          startedAt: trace.sentAt,
          steps: [],
          match: {},
          ...ota,
        };
    }
    if (entry === null) return;
    byTrace.set(trace.id, entry.id);
    append(entry);
  };
  const append = (entry: TimelineEntry) => {
    store.setState(({ entries }) => ({ entries: [...entries.slice(-(MAX_ENTRIES - 1)), entry] }));
  };
  /** An injected fault (operator API `faults.*`) is shown as it happened, in the broker's words. */
  const onOperatorEvent = (event: OperatorEvent) => {
    if (event.kind !== 'error' || event.payload.kind !== 'fault_injected') return;
    const { message, ts } = event.payload;
    append({ id: nextId++, kind: 'fault', title: message, startedAt: ts, steps: [], match: {} });
  };

  const onDeviceEvent = (event: DeviceInbound) => {
    // Under load (1,000 pushes a second) most messages await no entry: skip the matching then.
    if (!store.getState().entries.some(awaitsDevice)) return;
    const at = event.receivedAt;
    const ota = otaEventOfDevice(event);
    onOta(ota, at);
    if (event.kind === 'rpcRequest') {
      const { method, requestId } = event;
      update(
        (e) =>
          e.kind === 'rpc' &&
          e.match.method === method &&
          e.deviceRequestId === undefined &&
          side.mayBe(e.match.target ?? {}),
        (e) => ({ ...addStep(e, 'device received', at), deviceRequestId: requestId }),
      );
    } else if (event.kind === 'sharedAttributes' && event.change.kind === 'updated') {
      const keys = Object.keys(event.change.values);
      update(
        (e) =>
          e.kind === 'attribute' &&
          side.mayBe(e.match.target ?? {}) &&
          !hasStep(e, 'device received') &&
          (e.match.keys ?? []).every((k) => keys.includes(k)),
        (e) => addStep(e, 'device received', at),
      );
    }
  };

  let lastPacketId = 0;
  const onPackets = () => {
    const log = device.packetLog.getState().entries;
    let from = log.length;
    while (from > 0 && (log[from - 1]?.id ?? 0) > lastPacketId) from -= 1;
    for (const p of log.slice(from)) {
      lastPacketId = p.id;
      if (p.direction !== 'out' || p.kind !== 'publish' || p.topic === null) continue;
      onOta(otaEventOfPacket(p.topic, p.payloadText), p.time);
      if (!matchesAny(p.topic, (f) => responseFilter.rpcResponse(f))) continue;
      const requestId = lastSegmentId(p.topic);
      update(
        (e) => e.kind === 'rpc' && e.deviceRequestId === requestId && !hasStep(e, 'replied'),
        (e) => addStep(e, 'replied', p.time),
      );
    }
  };

  const stops = [
    side.dispose,
    operator.onTrace(onTrace),
    operator.onEvent(onOperatorEvent),
    router.on('rpcRequest', onDeviceEvent),
    router.on('sharedAttributes', onDeviceEvent),
    router.on('otaChunk', onDeviceEvent),
    device.packetLog.subscribe(onPackets),
  ];
  return Object.assign(store, {
    dispose: () => {
      for (const stop of stops) stop();
    },
  });
}

export type DualTimeline = ReturnType<typeof createDualTimeline>;
