import type { InfiniteData } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { installOperatorPushBridge } from '@/domain/operator/operator-push-bridge.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { createFakeFleet } from '@/testing/fake-fleet.ts';
import type { DeviceDto, PageDto } from '@protocol/operator-dto.ts';

import { DEVICE_PAGE_SIZE, devicePagesQueryOptions } from './get-devices.ts';

type Pages = InfiniteData<PageDto<DeviceDto>>;

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

/** A fleet, a cache holding the first `pages` pages of the unfiltered list, and the push bridge. */
async function setup(size: number, pages: number) {
  const fleet = createFakeFleet(size);
  const queryClient = createQueryClient();
  await queryClient.infiniteQuery({ ...devicePagesQueryOptions(fleet.client, ''), pages });
  stops.push(installOperatorPushBridge(fleet.client, queryClient));
  const cached = () => queryClient.getQueryData<Pages>(operatorKeys.devicePages('')) as Pages;
  const row = (name: string) =>
    cached()
      .pages.flatMap((p) => p.items)
      .find((d) => d.name === name);
  return { fleet, queryClient, cached, row };
}

describe('device list pages and the push bridge', () => {
  it('pages by offset with the server total, the next page from the last one', async () => {
    const { fleet, cached } = await setup(600, 3);
    expect(cached().pages.map((p) => [p.offset, p.items.length, p.total])).toEqual([
      [0, DEVICE_PAGE_SIZE, 600],
      [250, DEVICE_PAGE_SIZE, 600],
      [500, 100, 600],
    ]);
    expect(cached().pages.at(-1)?.hasNext).toBe(false);
    expect(fleet.listCalls.map((c) => c.offset)).toEqual([0, 250, 500]);
  });

  it('a session opening reaches a row on a later page; pages without it keep their identity', async () => {
    const { fleet, cached, row } = await setup(600, 3);
    const [first, second] = cached().pages;
    fleet.setOnline('fleet-00555', true, 1234);
    await vi.waitFor(() => {
      expect(row('fleet-00555')).toMatchObject({ online: true, lastActivityTime: 1234 });
    });
    expect(cached().pages[0]).toBe(first);
    expect(cached().pages[1]).toBe(second);
  });

  it('a session closing asks the broker for that device only, and the row goes offline', async () => {
    const { fleet, row } = await setup(600, 3);
    fleet.setOnline('fleet-00300', true);
    await vi.waitFor(() => {
      expect(row('fleet-00300')?.online).toBe(true);
    });
    const listed = fleet.listCalls.length;
    fleet.setOnline('fleet-00300', false);
    await vi.waitFor(() => {
      expect(row('fleet-00300')?.online).toBe(false);
    });
    expect(fleet.listCalls.length).toBe(listed);
  });

  it('the searched list and a single device are patched too', async () => {
    const { fleet, queryClient } = await setup(600, 1);
    await queryClient.infiniteQuery(devicePagesQueryOptions(fleet.client, '0042'));
    const one = fleet.devices[42] as DeviceDto;
    queryClient.setQueryData(operatorKeys.deviceInfo(one.id), one);
    queryClient.setQueryData(operatorKeys.profileDeviceCount('p-default'), {
      profileId: 'p-default',
      count: 600,
    });
    fleet.setOnline('fleet-00042', true);
    await vi.waitFor(() => {
      const searched = queryClient.getQueryData<Pages>(operatorKeys.devicePages('0042'));
      expect(searched?.pages[0]?.items[0]?.online).toBe(true);
      expect(queryClient.getQueryData<DeviceDto>(operatorKeys.deviceInfo(one.id))?.online).toBe(
        true,
      );
    });
    expect(queryClient.getQueryData(operatorKeys.profileDeviceCount('p-default'))).toEqual({
      profileId: 'p-default',
      count: 600,
    });
  });
});
