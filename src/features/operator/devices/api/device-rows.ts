import type { InfiniteData } from '@tanstack/react-query';

import type { DeviceDto, PageDto } from '@protocol/operator-dto.ts';

/** One row of the device list: a device, indented under the gateway that created it. */
export interface DeviceListRow {
  device: DeviceDto;
  depth: 0 | 1;
}

/**
 * The loaded pages as one list, each device once: a page asked again after a device was created
 * or deleted may overlap its neighbour by a row.
 */
export function loadedDevices(data: InfiniteData<PageDto<DeviceDto>> | undefined): DeviceDto[] {
  if (data === undefined) return [];
  const seen = new Set<string>();
  const out: DeviceDto[] = [];
  for (const page of data.pages)
    for (const device of page.items) {
      if (seen.has(device.id)) continue;
      seen.add(device.id);
      out.push(device);
    }
  return out;
}

/** What the count line says: every match loaded, or how many of how many. */
export function deviceCountText(loaded: readonly DeviceDto[], total: number): string {
  if (loaded.length >= total) {
    const online = loaded.filter((d) => d.online).length;
    return `${String(total)} ${total === 1 ? 'device' : 'devices'}, ${String(online)} online`;
  }
  return `${String(loaded.length)} of ${String(total)} devices loaded, scroll for more`;
}

/** Gateways' created devices (spec §10) right under their gateway when it is loaded too. */
export function nestUnderGateways(
  devices: readonly DeviceDto[],
  parents: Readonly<Record<string, string>>,
): DeviceListRow[] {
  const byParent = new Map<string, DeviceDto[]>();
  const ids = new Set(devices.map((d) => d.id));
  const top: DeviceDto[] = [];
  for (const d of devices) {
    const parent = parents[d.id];
    if (parent !== undefined && ids.has(parent)) {
      const children = byParent.get(parent);
      if (children === undefined) byParent.set(parent, [d]);
      else children.push(d);
    } else top.push(d);
  }
  const rows: DeviceListRow[] = [];
  for (const d of top) {
    rows.push({ device: d, depth: 0 });
    for (const child of byParent.get(d.id) ?? []) rows.push({ device: child, depth: 1 });
  }
  return rows;
}
