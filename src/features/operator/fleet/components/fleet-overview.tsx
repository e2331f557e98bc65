import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useRef, useState } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useVirtualWindow } from '@/components/ui/use-virtual-window.ts';
import { allDevicesQueryOptions } from '@/domain/operator/all-devices-query.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { otaStatusQueryOptions } from '@/domain/operator/ota-status-query.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useFreshWhenShown } from '@/lib/use-fresh-when-shown.ts';
import { useVisible } from '@/lib/use-shown.ts';

import { DeviceCard } from './device-card.tsx';
import './fleet.css';

/** Card row height in px (the card's fixed height plus the gap). */
const ROW_HEIGHT = 212;
/** A card is at least this wide, px. */
const MIN_CARD = 260;
const GAP = 12;
const SHOWN_KEYS = [operatorKeys.deviceList(''), operatorKeys.otaStatus()];

/**
 * The fleet for demos: every device as a card (online state, last activity, live sparklines of its
 * main keys or its GPS track, firmware, pending RPCs). Only the rows of cards in view are rendered,
 * so 1,000 devices scroll as smoothly as 4.
 */
export function FleetOverview() {
  const client = useOperator();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const shown = useFreshWhenShown(root, SHOWN_KEYS);
  // Cards redraw their sparklines as telemetry comes: not while the tab is hidden.
  const visible = useVisible(root);
  const devices = useQuery({ ...allDevicesQueryOptions(client), enabled: shown });
  const ota = useQuery({ ...otaStatusQueryOptions(client), enabled: shown });
  const [search, setSearch] = useState('');
  const needle = useDeferredValue(search.trim().toLowerCase());
  const all = devices.data?.items ?? [];
  const items = needle === '' ? all : all.filter((d) => d.name.toLowerCase().includes(needle));
  const firmware = new Map((ota.data ?? []).map((s) => [s.deviceId, s.firmware]));
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const columns = (width: number) => Math.max(1, Math.floor((width + GAP) / (MIN_CARD + GAP)));
  // Rows depend on the width: measure once with one column, then with the real count.
  const probe = useVirtualWindow(box, 1, ROW_HEIGHT);
  const cols = columns(probe.width);
  const rows = Math.ceil(items.length / cols);
  const view = useVirtualWindow(box, rows, ROW_HEIGHT);
  const online = all.filter((d) => d.online).length;

  return (
    <section className="pk-card fleet" aria-labelledby={`${id}-h`} ref={root}>
      <h3 id={`${id}-h`}>Fleet overview</h3>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-search`}>Search the fleet</label>
          <input
            id={`${id}-search`}
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
            }}
          />
        </div>
        <p className="pk-muted" aria-live="polite" aria-label="Fleet count">
          {devices.isPending
            ? 'Loading…'
            : `${items.length} of ${all.length} devices, ${online} online`}
          {devices.data?.hasNext === true &&
            ` (the fleet shows the first ${String(all.length)} of ${String(devices.data.total)} devices)`}
        </p>
      </div>
      {devices.error && (
        <p className="text-danger" role="alert">
          {devices.error.message}
        </p>
      )}
      <ScrollRegion ref={setBox} className="fleet__scroll" label="Fleet">
        <div role="list" aria-label="Devices in the fleet" aria-describedby={`${id}-h`}>
          <div role="none" style={{ height: view.before }} />
          {Array.from(
            { length: visible ? view.last - view.first : 0 },
            (_, i) => view.first + i,
          ).map((row) => (
            <div
              key={row}
              role="none"
              className="fleet__row"
              style={{ gridTemplateColumns: `repeat(${String(cols)}, minmax(0, 1fr))` }}
            >
              {items.slice(row * cols, row * cols + cols).map((device) => (
                <DeviceCard key={device.id} device={device} firmware={firmware.get(device.id)} />
              ))}
            </div>
          ))}
          <div role="none" style={{ height: view.after }} />
        </div>
      </ScrollRegion>
    </section>
  );
}
