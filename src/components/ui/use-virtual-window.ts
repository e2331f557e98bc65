import { useLayoutEffect, useState } from 'react';

/** Which rows of a fixed-row-height list are in view of its scrolling box. */
export interface VirtualWindow {
  /** First row to render. */
  first: number;
  /** One past the last row to render. */
  last: number;
  /** Height of the rows above `first`, px (a spacer keeps the scroll height right). */
  before: number;
  /** Height of the rows after `last`, px. */
  after: number;
  /** The box's inner width, px (for lists laid out in columns). */
  width: number;
}

/**
 * A small virtual list: of `count` rows `rowHeight` px tall inside the scrolling element `node`
 * (kept with a callback ref: `const [node, setNode] = useState<HTMLElement | null>(null)`),
 * only those in view plus `overscan` on each side are rendered, so 2,000 rows cost what 30 do.
 * Reads scroll position and size on scroll and resize only.
 */
export function useVirtualWindow(
  node: HTMLElement | null,
  count: number,
  rowHeight: number,
  overscan = 6,
): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 600, width: 800 });

  useLayoutEffect(() => {
    if (node === null) return;
    const read = () => {
      setView({
        top: node.scrollTop,
        height: node.clientHeight || 600,
        width: node.clientWidth || 800,
      });
    };
    read();
    node.addEventListener('scroll', read, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(read);
    observer?.observe(node);
    return () => {
      node.removeEventListener('scroll', read);
      observer?.disconnect();
    };
  }, [node]);

  const first = Math.max(0, Math.min(count, Math.floor(view.top / rowHeight) - overscan));
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return {
    first,
    last,
    before: first * rowHeight,
    after: Math.max(0, count - last) * rowHeight,
    width: view.width,
  };
}
