import type { InfiniteData, QueryClient } from '@tanstack/react-query';

import type { DeviceDto, PageDto } from '@protocol/operator-dto.ts';

import { operatorKeys } from './operator-keys.ts';

/** What a push may change on a device row. */
export type DevicePatch = Partial<Pick<DeviceDto, 'online' | 'lastActivityTime'>>;

/**
 * What is cached under `operatorKeys.devices()`: a page, the paged list, one device, or data about
 * devices that no push changes (a profile's device count).
 */
type DeviceCacheData = object;

const isInfinite = (data: DeviceCacheData): data is InfiniteData<PageDto<DeviceDto>> =>
  'pages' in data;
const isPage = (data: DeviceCacheData): data is PageDto<DeviceDto> => 'items' in data;
const isDevice = (data: DeviceCacheData): data is DeviceDto => 'online' in data && 'id' in data;

/** The device with `patch` applied; its last activity never moves back (a late patch, a stale fetch). */
function patched(device: DeviceDto, patch: DevicePatch): DeviceDto {
  const next = { ...device, ...patch };
  const before = device.lastActivityTime;
  if (before !== null && (next.lastActivityTime ?? -Infinity) < before)
    next.lastActivityTime = before;
  return next;
}

/** A page with the patched devices replaced; the same object when none of them is on it. */
function patchPage(
  page: PageDto<DeviceDto>,
  patches: ReadonlyMap<string, DevicePatch>,
): PageDto<DeviceDto> {
  if (!page.items.some((device) => patches.has(device.id))) return page;
  const items = page.items.map((device) => {
    const patch = patches.get(device.id);
    return patch === undefined ? device : patched(device, patch);
  });
  return { ...page, items };
}

function patchData(
  data: DeviceCacheData,
  patches: ReadonlyMap<string, DevicePatch>,
): DeviceCacheData {
  if (isInfinite(data)) {
    const pages = data.pages.map((page) => patchPage(page, patches));
    return pages.every((page, i) => page === data.pages[i]) ? data : { ...data, pages };
  }
  if (isPage(data)) return patchPage(data, patches);
  if (!isDevice(data)) return data;
  const patch = patches.get(data.id);
  return patch === undefined ? data : patched(data, patch);
}

/**
 * Applies the online / last-activity patches of one batch of events to every cached device list
 * (each loaded page of the paged list too) and every cached single device, in one pass per query:
 * untouched pages keep their identity, so only the rows that changed render again.
 */
export function patchCachedDevices(
  queryClient: QueryClient,
  patches: ReadonlyMap<string, DevicePatch>,
): void {
  if (patches.size === 0) return;
  queryClient.setQueriesData<DeviceCacheData>({ queryKey: operatorKeys.devices() }, (data) =>
    data === undefined ? data : patchData(data, patches),
  );
}

/** Adds `patch` to what `patches` holds for the device (later fields win). */
export function addDevicePatch(
  patches: Map<string, DevicePatch>,
  deviceId: string,
  patch: DevicePatch,
): void {
  patches.set(deviceId, { ...patches.get(deviceId), ...patch });
}
