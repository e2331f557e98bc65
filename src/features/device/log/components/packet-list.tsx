import { useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

import type { PacketLogEntry } from '@/session/packet-log-store.ts';

import { PacketRow } from './packet-row.tsx';

const ROW_HEIGHT = 30;
const OVERSCAN = 12;

export interface PacketListProps {
  entries: readonly PacketLogEntry[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Keep the newest packet in view. */
  follow: boolean;
}

const optionId = (id: number) => `packet-${String(id)}`;

/**
 * The packets as a virtualised listbox: only the rows in view (plus a few) are in the DOM, so 2000
 * entries stay fast. Arrow keys, Page Up/Down, Home and End move the selection.
 */
export function PacketList({ entries, selectedId, onSelect, follow }: PacketListProps) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(480);

  // The viewport height changes only on resize: observe it instead of reading it on every update.
  useLayoutEffect(() => {
    const node = box.current;
    if (node === null) return;
    setViewport(node.clientHeight || 480);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      setViewport(node.clientHeight || 480);
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
    };
  }, []);

  // Following: the bottom is known from the row count, so no scrollHeight read (no forced layout).
  useLayoutEffect(() => {
    const node = box.current;
    if (node === null || !follow) return;
    const bottom = Math.max(0, entries.length * ROW_HEIGHT - viewport);
    node.scrollTop = bottom;
    setScrollTop(bottom);
  }, [entries, follow, viewport]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(entries.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);

  const moveTo = (index: number) => {
    const entry = entries[Math.max(0, Math.min(entries.length - 1, index))];
    if (entry === undefined) return;
    onSelect(entry.id);
    const node = box.current;
    if (node === null) return;
    const top = entries.indexOf(entry) * ROW_HEIGHT;
    if (top < node.scrollTop) node.scrollTop = top;
    else if (top + ROW_HEIGHT > node.scrollTop + node.clientHeight)
      node.scrollTop = top + ROW_HEIGHT - node.clientHeight;
    setScrollTop(node.scrollTop);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const from = selectedIndex === -1 ? entries.length : selectedIndex;
    const target: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: entries.length - 1,
    };
    const index = target[event.key];
    if (index === undefined) return;
    event.preventDefault();
    moveTo(index);
  };

  const visible = entries.slice(first, last);
  const active =
    selectedIndex >= first && selectedIndex < last && selectedId !== null
      ? optionId(selectedId)
      : undefined;

  return (
    <div
      ref={box}
      className="packet-list"
      role="listbox"
      aria-label="Packets"
      tabIndex={0}
      aria-activedescendant={active}
      onScroll={(event) => {
        setScrollTop(event.currentTarget.scrollTop);
      }}
      onKeyDown={onKeyDown}
    >
      <div className="packet-list__spacer" style={{ height: entries.length * ROW_HEIGHT }}>
        {visible.map((entry, i) => (
          <PacketRow
            key={entry.id}
            id={optionId(entry.id)}
            entry={entry}
            top={(first + i) * ROW_HEIGHT}
            selected={entry.id === selectedId}
            onSelect={onSelect}
          />
        ))}
      </div>
    </div>
  );
}
