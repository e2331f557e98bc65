import { describe, expect, it } from 'vitest';

import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { filterLog } from './filter-log.ts';

function entry(
  id: number,
  topic: string | null,
  payloadText: string | null,
  kind: PacketLogEntry['kind'] = 'publish',
): PacketLogEntry {
  return {
    id,
    time: id,
    direction: 'out',
    kind,
    topic,
    payloadText,
    binary: false,
    truncated: false,
    qos: 1,
    messageId: null,
    size: 0,
    latencyMs: null,
    codes: [],
    filters: [],
  };
}

const entries = [
  entry(1, 'v1/devices/me/telemetry', '{"temperature":42}'),
  entry(2, 'v1/devices/me/attributes', '{"fw_state":"DOWNLOADING"}'),
  entry(3, 'v1/devices/me/rpc/request/5', '{"method":"getTime"}'),
  entry(4, null, null, 'pingreq'),
];

describe('filterLog', () => {
  it('keeps everything without filters', () => {
    expect(filterLog(entries, { topic: '', text: '' })).toBe(entries);
  });

  it('filters by topic part or by MQTT filter', () => {
    expect(filterLog(entries, { topic: 'TELEMETRY', text: '' }).map((e) => e.id)).toEqual([1]);
    expect(
      filterLog(entries, { topic: 'v1/devices/me/rpc/request/+', text: '' }).map((e) => e.id),
    ).toEqual([3]);
    expect(filterLog(entries, { topic: 'v1/#', text: '' }).map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('filters by text in the payload or the packet kind', () => {
    expect(filterLog(entries, { topic: '', text: 'downloading' }).map((e) => e.id)).toEqual([2]);
    expect(filterLog(entries, { topic: '', text: 'pingreq' }).map((e) => e.id)).toEqual([4]);
    expect(filterLog(entries, { topic: 'v1', text: 'gettime' }).map((e) => e.id)).toEqual([3]);
  });
});
