import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { useThrottledValue } from './use-throttled-value.ts';

describe('useThrottledValue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the first change at once and folds later ones into one update per interval', () => {
    const { result, rerender } = renderHook(({ v }) => useThrottledValue(v, 100), {
      initialProps: { v: 0 },
    });
    expect(result.current).toBe(0);
    rerender({ v: 1 });
    expect(result.current).toBe(1);

    act(() => {
      vi.advanceTimersByTime(10);
    });
    rerender({ v: 2 });
    rerender({ v: 3 });
    expect(result.current).toBe(1);
    act(() => {
      vi.advanceTimersByTime(89);
    });
    expect(result.current).toBe(1);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(result.current).toBe(3);

    act(() => {
      vi.advanceTimersByTime(200);
    });
    rerender({ v: 4 });
    expect(result.current).toBe(4);
  });
});
