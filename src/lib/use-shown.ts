import { useEffect, useState } from 'react';
import type { RefObject } from 'react';

/**
 * Whether the element has been on screen (laid out with a size) at least once. Panels stay mounted
 * while their tab is hidden; a panel uses this to defer requests until the user first opens it.
 * Without ResizeObserver (tests in jsdom) it counts as shown.
 */
export function useShownOnce(ref: RefObject<Element | null>): boolean {
  const [shown, setShown] = useState(() => typeof ResizeObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (shown || element === null) return;
    const observer = new ResizeObserver((entries) => {
      if (entries.some((entry) => entry.contentRect.width > 0 || entry.contentRect.height > 0)) {
        setShown(true);
        observer.disconnect();
      }
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref, shown]);
  return shown;
}

/**
 * Whether the element is laid out with a size now: false while its tab is hidden. A panel with
 * live drawings renders them only while visible (hidden, they would redraw for nobody). Without
 * ResizeObserver (tests in jsdom) it counts as visible.
 */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(() => typeof ResizeObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const last = entries.at(-1);
      if (last) setVisible(last.contentRect.width > 0 || last.contentRect.height > 0);
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [ref]);
  return visible;
}
