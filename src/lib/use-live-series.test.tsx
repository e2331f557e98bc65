import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { liveSeriesHarness } from '@/testing/live-series-harness.ts';

import { useLiveSeries } from './use-live-series.ts';

function setup() {
  const { live, telemetry, frame } = liveSeriesHarness();
  /** One frame in which `deviceId` got a point. */
  const point = (deviceId: string, ts: number) => {
    telemetry(deviceId, [{ key: 'rpm', value: ts, ts }]);
    act(frame);
  };
  return { live, point };
}

describe('useLiveSeries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("renders once per interval for its device's changes and never for other devices", () => {
    const { live, point } = setup();
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useLiveSeries(live, 'd1', 100);
    });
    expect(renders).toBe(1);
    point('d2', 1);
    point('d2', 2);
    expect(renders).toBe(1);

    point('d1', 1); // the first change shows at once
    expect(renders).toBe(2);
    expect(result.current.get('rpm')?.lastValues()).toEqual([1]);
    point('d1', 2);
    point('d1', 3);
    expect(renders).toBe(2);
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(renders).toBe(3);
    expect(result.current.get('rpm')?.lastValues()).toEqual([1, 2, 3]);
  });

  it('stops listening when unmounted', () => {
    const { live, point } = setup();
    let renders = 0;
    const { unmount } = renderHook(() => {
      renders += 1;
      return useLiveSeries(live, 'd1', 100);
    });
    unmount();
    point('d1', 1);
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(renders).toBe(1);
  });
});
