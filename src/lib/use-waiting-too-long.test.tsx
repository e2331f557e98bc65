import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { useWaitingTooLong } from './use-waiting-too-long.ts';

describe('useWaitingTooLong', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns true once pending lasted the whole time, false as soon as it ends', () => {
    const { result, rerender } = renderHook(({ pending }) => useWaitingTooLong(pending, 5000), {
      initialProps: { pending: true },
    });
    act(() => {
      vi.advanceTimersByTime(4999);
    });
    expect(result.current).toBe(false);
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(result.current).toBe(true);
    rerender({ pending: false });
    expect(result.current).toBe(false);
    rerender({ pending: true });
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(result.current).toBe(false);
  });
});
