import { createStore } from 'zustand/vanilla';

import type { MqttSession } from '@/session/mqtt-session.ts';
import { filterMatches, parseIdSegment, responseFilter, type Family } from '@protocol/topics.ts';
import { outboundTopic } from '@protocol/topics.ts';

import { trackDeviceSide } from './device-side-identity.ts';
import type { OperatorCallTrace, OperatorClient } from './operator-client.ts';

/** One measured step: what happened and when (Unix ms, this tab's clock for both sessions). */
export interface TimelineStep {
  label: string;
  at: number;
}

/** One operator action followed across both sessions. */
export interface TimelineEntry {
  id: number;
  kind: 'rpc' | 'attribute';
  title: string;
  startedAt: number;
  steps: TimelineStep[];
  /**
   * What the device side is expected to see (RPC method or shared attribute keys), and the device
   * the operator aimed at: only the device session connected as that device can link to it.
   */
  match: { method?: string; keys?: string[]; target: { deviceId?: unknown; deviceName?: unknown } };
  /** The request id the device saw, once it received the RPC. */
  deviceRequestId?: number;
}

export interface DualTimelineState {
  entries: readonly TimelineEntry[];
  clear: () => void;
}

const FAMILIES: Family[] = ['v1', 'v2', 'v2j'];
const hasStep = (e: TimelineEntry, label: string) => e.steps.some((s) => s.label === label);
const MAX_ENTRIES = 100;

const matchesAny = (topic: string, filter: (f: Family) => string) =>
  FAMILIES.some((f) => filterMatches(filter(f), topic));
const lastSegmentId = (topic: string) => parseIdSegment(topic.slice(topic.lastIndexOf('/') + 1));

function parseJson(text: string | null): unknown {
  try {
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/**
 * The split view's shared timeline: operator calls (from the operator client's traces) linked to what
 * the device session received and sent (inbound messages, outbound packets in its packet log), with
 * the latency of each step measured from the operator's request.
 */
export function createDualTimeline(device: MqttSession, operator: OperatorClient) {
  let nextId = 1;
  let rpcCount = 0;
  const side = trackDeviceSide(device, operator);
  const byTrace = new Map<string, number>();
  const store = createStore<DualTimelineState>()((set) => ({
    entries: [],
    clear: () => {
      set({ entries: [] });
    },
  }));
  const update = (
    find: (e: TimelineEntry) => boolean,
    change: (e: TimelineEntry) => TimelineEntry,
  ) => {
    const entries = store.getState().entries;
    const index = entries.findIndex(find);
    const found = entries[index];
    if (found === undefined) return false;
    store.setState({ entries: entries.with(index, change(found)) });
    return true;
  };
  const addStep = (e: TimelineEntry, label: string, at: number): TimelineEntry => ({
    ...e,
    steps: [...e.steps, { label, at }],
  });

  const onTrace = (trace: OperatorCallTrace) => {
    if (trace.settledAt !== undefined) {
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
    side.get(); // learn which device the device side is, if not known yet
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
    }
    if (entry === null) return;
    byTrace.set(trace.id, entry.id);
    store.setState(({ entries }) => ({ entries: [...entries.slice(-(MAX_ENTRIES - 1)), entry] }));
  };

  const onDeviceMessage = (topic: string, text: string, at: number) => {
    // Under load (1,000 pushes a second) most messages await no entry: skip the parsing then.
    if (!store.getState().entries.some((e) => !hasStep(e, 'device received'))) return;
    const body = parseJson(text);
    if (typeof body !== 'object' || body === null) return;
    if (matchesAny(topic, (f) => responseFilter.rpcRequest(f))) {
      const method = (body as { method?: unknown }).method;
      const requestId = lastSegmentId(topic);
      update(
        (e) =>
          e.kind === 'rpc' &&
          e.match.method === method &&
          e.deviceRequestId === undefined &&
          side.mayBe(e.match.target),
        (e) => ({
          ...addStep(e, 'device received', at),
          ...(requestId === undefined ? {} : { deviceRequestId: requestId }),
        }),
      );
    } else if (FAMILIES.some((f) => outboundTopic.attributesPush(f) === topic)) {
      const keys = Object.keys(body);
      update(
        (e) =>
          e.kind === 'attribute' &&
          side.mayBe(e.match.target) &&
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
    device.onMessage((m) => {
      onDeviceMessage(m.topic, m.text, m.receivedAt);
    }),
    device.packetLog.subscribe(onPackets),
  ];
  return Object.assign(store, {
    dispose: () => {
      for (const stop of stops) stop();
    },
  });
}

export type DualTimeline = ReturnType<typeof createDualTimeline>;
