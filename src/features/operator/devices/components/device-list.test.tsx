import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { installOperatorPushBridge } from '@/domain/operator/operator-push-bridge.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { createFakeFleet } from '@/testing/fake-fleet.ts';
import { renderWithOperator } from '@/testing/render-with-operator.tsx';

import { DeviceList } from './device-list.tsx';

/** The list over a fleet of `size` devices, with the push bridge as main.tsx installs it. */
function renderList(size: number) {
  const fleet = createFakeFleet(size);
  const queryClient = createQueryClient();
  const stop = installOperatorPushBridge(fleet.client, queryClient);
  const view = renderWithOperator(
    <DeviceList selectedId={null} onSelect={() => undefined} />,
    fleet.client,
    queryClient,
  );
  const table = () => screen.getByRole('table', { name: 'Devices' });
  const count = () => screen.getByLabelText('Device count').textContent;
  const region = screen.getByRole('region', { name: 'Device list (scrolls)' });
  /** Scrolls the list's box to `top` px (jsdom has no layout: the list reads scrollTop). */
  const scrollTo = (top: number) => {
    Object.defineProperty(region, 'scrollTop', { value: top, configurable: true });
    fireEvent.scroll(region);
  };
  return { fleet, view, table, count, scrollTo, stop };
}

describe('DeviceList at thousands of devices', () => {
  it('opens with the first page, counts from its total and renders only the rows in view', async () => {
    const { table, count, fleet, stop } = renderList(2_500);
    await waitFor(() => {
      expect(count()).toBe('250 of 2500 devices loaded, scroll for more');
    });
    expect(table().getAttribute('aria-rowcount')).toBe('2501');
    const rows = within(table()).getAllByRole('row');
    expect(rows.length).toBeLessThan(40);
    expect(fleet.listCalls).toEqual([{ offset: 0, limit: 250 }]);
    stop();
  });

  it('scrolling to the end loads every page and shows the last device', async () => {
    const { table, count, scrollTo, fleet, stop } = renderList(2_500);
    await waitFor(() => {
      expect(count()).toMatch(/^250 of 2500/);
    });
    for (let loaded = 250; loaded < 2_500; loaded += 250) {
      scrollTo(loaded * 64);
      await waitFor(() => {
        expect(fleet.listCalls.at(-1)?.offset).toBe(loaded);
      });
    }
    await waitFor(() => {
      expect(count()).toBe('2500 devices, 0 online');
    });
    scrollTo(2_500 * 64);
    const last = await within(table()).findByRole('button', { name: 'fleet-02499' });
    const row = last.closest('tr');
    expect(row?.getAttribute('aria-rowindex')).toBe('2501');
    expect(within(table()).queryByRole('button', { name: 'fleet-00000' })).toBeNull();

    // a device on the last page comes online: its row says so
    act(() => {
      fleet.setOnline('fleet-02499', true);
    });
    await waitFor(() => {
      expect(row?.textContent).toContain('Online');
    });
    stop();
  });

  it('searches on the server, from the first page, and finds a device far beyond it', async () => {
    const { table, count, fleet, stop } = renderList(2_500);
    await waitFor(() => {
      expect(count()).toMatch(/^250 of 2500/);
    });
    fireEvent.change(screen.getByLabelText('Search devices'), {
      target: { value: 'fleet-02345' },
    });
    await within(table()).findByRole('button', { name: 'fleet-02345' });
    expect(count()).toBe('1 device, 0 online');
    expect(fleet.listCalls.at(-1)).toEqual({ offset: 0, limit: 250, nameContains: 'fleet-02345' });
    stop();
  });
});
