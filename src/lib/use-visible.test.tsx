import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { useVisible } from './use-shown.ts';

type Report = (entries: { contentRect: { width: number; height: number } }[]) => void;

describe('useVisible', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('follows the size the ResizeObserver reports: hidden at zero, visible again with a size', () => {
    // jsdom lays nothing out: the observer is driven by hand, as the browser would on tab switches.
    let report: Report = () => undefined;
    let disconnected = false;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: Report) {
          report = callback;
        }
        observe() {}
        disconnect() {
          disconnected = true;
        }
      },
    );
    const ref = { current: document.createElement('div') };
    const { result, unmount } = renderHook(() => useVisible(ref));
    expect(result.current).toBe(false);
    act(() => {
      report([{ contentRect: { width: 300, height: 200 } }]);
    });
    expect(result.current).toBe(true);
    act(() => {
      report([{ contentRect: { width: 0, height: 0 } }]);
    });
    expect(result.current).toBe(false);
    unmount();
    expect(disconnected).toBe(true);
  });
});
