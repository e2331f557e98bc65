import { useEffect, useLayoutEffect, useRef, useState } from 'react';

import { useVirtualWindow } from '@/components/ui/use-virtual-window.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import type { DeviceListRow } from '../api/device-rows.ts';

import { DeviceRow } from './device-row.tsx';

/** A row's height until one is measured, px (name and profile over two lines, small buttons). */
const ROW_ESTIMATE = 64;
/** `onNearEnd` is called when the rows in view come this close to the last loaded one. */
const FETCH_AHEAD = 40;

export interface DeviceRowsProps {
  /** The scrolling box around the table. */
  box: HTMLElement | null;
  rows: readonly DeviceListRow[];
  selectedId: string | null;
  onSelect: (deviceId: string) => void;
  onSimulate?: ((device: DeviceDto) => void) | undefined;
  /** Asks for the next page (called again on later renders while near the end). */
  onNearEnd: () => void;
}

/**
 * The table body of the device list: only the rows in view (plus a few) are rendered, with
 * spacer rows keeping the scroll height; scrolling re-renders this body only.
 */
export function DeviceRows({
  box,
  rows,
  selectedId,
  onSelect,
  onSimulate,
  onNearEnd,
}: DeviceRowsProps) {
  const [rowHeight, setRowHeight] = useState(ROW_ESTIMATE);
  const view = useVirtualWindow(box, rows.length, rowHeight);
  const body = useRef<HTMLTableSectionElement>(null);

  // Rows are as tall as their text wraps: measure one when the rows change (a page came, a new
  // search), not on every scroll step (reading a size there forces a layout each time).
  useLayoutEffect(() => {
    const row = body.current?.querySelector<HTMLElement>('tr[aria-rowindex]');
    const height = row?.getBoundingClientRect().height ?? 0;
    if (height > 0 && Math.abs(height - rowHeight) > 0.5) setRowHeight(height);
  }, [rowHeight, rows]);
  useEffect(() => {
    if (view.last + FETCH_AHEAD >= rows.length) onNearEnd();
  });

  return (
    <tbody ref={body}>
      {view.before > 0 && (
        <tr aria-hidden="true" style={{ height: view.before }}>
          <td colSpan={3} />
        </tr>
      )}
      {rows.slice(view.first, view.last).map(({ device, depth }, i) => (
        <DeviceRow
          key={device.id}
          rowIndex={view.first + i + 2}
          device={device}
          depth={depth}
          selected={device.id === selectedId}
          onSelect={onSelect}
          onSimulate={onSimulate}
        />
      ))}
      {view.after > 0 && (
        <tr aria-hidden="true" style={{ height: view.after }}>
          <td colSpan={3} />
        </tr>
      )}
    </tbody>
  );
}
