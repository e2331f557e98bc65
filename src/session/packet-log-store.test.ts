import { describe, expect, it } from 'vitest';

import { createPacketLogStore } from './packet-log-store.ts';
import type { NewPacketLogEntry } from './packet-log-store.ts';
import { createPacketRecorder, describePayload } from './packet-recorder.ts';

function entry(n: number): NewPacketLogEntry {
  return {
    time: n,
    direction: 'out',
    kind: 'publish',
    topic: 'v1/devices/me/telemetry',
    payloadText: `{"n":${n}}`,
    binary: false,
    truncated: false,
    qos: 0,
    messageId: null,
    size: 7,
    latencyMs: null,
    codes: [],
    filters: [],
  };
}

/** A store whose frames run only when the test says so. */
function manualStore(capacity: number) {
  const frames: (() => void)[] = [];
  const log = createPacketLogStore({ capacity, schedule: (flush) => frames.push(flush) });
  return { log, frames };
}

describe('packet log ring buffer', () => {
  it('keeps only the newest `capacity` entries, in order, with ids and a total', () => {
    const { log } = manualStore(5);
    for (let n = 1; n <= 12; n++) {
      log.append(entry(n));
      if (n % 4 === 0) log.flush();
    }
    const { entries, total } = log.getState();
    expect(entries.map((e) => e.time)).toEqual([8, 9, 10, 11, 12]);
    expect(entries.map((e) => e.id)).toEqual([8, 9, 10, 11, 12]);
    expect(total).toBe(12);
  });

  it('stays bounded when one frame brings more than the capacity', () => {
    const { log } = manualStore(3);
    for (let n = 1; n <= 10_000; n++) log.append(entry(n));
    log.flush();
    expect(log.getState().entries.map((e) => e.time)).toEqual([9998, 9999, 10000]);
  });

  it('writes the store once per frame, however many packets arrive', () => {
    const { log, frames } = manualStore(2000);
    let writes = 0;
    log.subscribe(() => {
      writes += 1;
    });
    for (let n = 1; n <= 500; n++) log.append(entry(n));
    expect(frames).toHaveLength(1);
    expect(log.getState().entries).toHaveLength(0);
    frames.shift()?.();
    expect(writes).toBe(1);
    expect(log.getState().entries).toHaveLength(500);
  });

  it('clears pending and stored entries', () => {
    const { log } = manualStore(10);
    log.append(entry(1));
    log.flush();
    log.append(entry(2));
    log.clear();
    log.flush();
    expect(log.getState()).toMatchObject({ entries: [], total: 0 });
  });
});

describe('packet recorder', () => {
  it('measures SUBACK latency by packet id and records the codes and filters', () => {
    const { log } = manualStore(10);
    let now = 100;
    const recorder = createPacketRecorder(log, () => now);
    recorder.record('out', {
      cmd: 'subscribe',
      messageId: 3,
      subscriptions: [{ topic: '#', qos: 1 }],
    });
    now = 112.5;
    recorder.record('in', { cmd: 'suback', messageId: 3, granted: [0x80] });
    log.flush();
    const [sub, ack] = log.getState().entries;
    expect(sub).toMatchObject({ kind: 'subscribe', filters: ['#'], latencyMs: null });
    expect(ack).toMatchObject({ kind: 'suback', codes: [0x80], latencyMs: 12.5 });
  });

  it('cuts long payload text and keeps the byte size', () => {
    const text = 'x'.repeat(10_000);
    expect(describePayload(text)).toMatchObject({ truncated: true, size: 10_000, binary: false });
    expect(describePayload(text).text).toHaveLength(4096);
  });
});
