import { describe, expect, it } from 'vitest';

import { liveSeriesHarness as setup } from '@/testing/live-series-harness.ts';

import { SERIES_CAPACITY } from './live-series-store.ts';

describe('live series store', () => {
  it('keeps numeric points per device and key, and tells subscribers once per frame', () => {
    const { live, telemetry, frame, frames } = setup();
    const heard: Record<string, number>[] = [];
    live.store.subscribe((s) => heard.push({ ...s.versions }));
    telemetry('d1', [
      { key: 'temperature', value: 20, ts: 1 },
      { key: 'status', value: 'ok', ts: 1 },
      { key: 'on', value: true, ts: 1 },
    ]);
    telemetry('d1', [{ key: 'temperature', value: 21, ts: 2 }]);
    telemetry('d2', [{ key: 'humidity', value: 40, ts: 1 }]);
    expect(frames).toHaveLength(1);
    expect(heard).toEqual([]);
    frame();
    expect(heard).toEqual([{ d1: 1, d2: 1 }]);
    expect(live.of('d1').get('temperature')?.toPoints()).toEqual([
      { ts: 1, value: 20 },
      { ts: 2, value: 21 },
    ]);
    expect(live.of('d1').get('on')?.lastValues()).toEqual([1]);
    expect(live.of('d1').has('status')).toBe(false);
    expect([...live.of('d3').keys()]).toEqual([]);
  });

  it('counts a repeated event once and keeps at most SERIES_CAPACITY points a key', () => {
    const { live, telemetry, frame } = setup();
    for (let ts = 1; ts <= SERIES_CAPACITY + 10; ts += 1)
      telemetry('d1', [{ key: 'rpm', value: ts, ts }]);
    telemetry('d1', [{ key: 'rpm', value: -1, ts: SERIES_CAPACITY + 10 }]);
    frame();
    const rpm = live.of('d1').get('rpm');
    expect(rpm?.length).toBe(SERIES_CAPACITY);
    expect(rpm?.tsAt(0)).toBe(11);
    expect(rpm?.lastValues(2)).toEqual([SERIES_CAPACITY + 9, -1]);
    expect(live.store.getState().versions).toEqual({ d1: 1 });
  });

  it('does not wake subscribers for an event without numeric values, and forgets all on reset', () => {
    const { live, telemetry, frame, frames } = setup();
    telemetry('d1', [{ key: 'status', value: 'ok', ts: 1 }]);
    expect(frames).toHaveLength(0);
    telemetry('d1', [{ key: 'rpm', value: 5, ts: 1 }]);
    frame();
    live.reset();
    expect(live.store.getState().versions).toEqual({});
    expect(live.of('d1').size).toBe(0);
  });
});
