import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@/testing/render-with-providers.tsx';

import { LogPanel } from './log-panel.tsx';

describe('log panel', () => {
  it('lists packets in and out, filters them and shows one in full', async () => {
    const { session, transport } = renderWithProviders(<LogPanel />);
    await act(async () => {
      session.connect({
        url: 'ws://hub.test/mqtt',
        protocolVersion: 5,
        credentials: { kind: 'token', token: 'T' },
      });
      await Promise.resolve();
    });
    await act(async () => {
      await session.publish('v1/devices/me/telemetry', '{"a":1}', { qos: 1 });
      transport.deliver('v1/devices/me/attributes', '{"color":"red"}');
    });

    const list = screen.getByRole('listbox', { name: 'Packets' });
    expect(
      await within(list).findByRole('option', { name: /← in publish v1\/devices\/me\/attributes/ }),
    ).toBeDefined();
    expect(
      within(list).getByRole('option', {
        name: /→ out publish v1\/devices\/me\/telemetry QoS 1 · 7 B/,
      }),
    ).toBeDefined();
    expect(within(list).getByRole('option', { name: /← in puback .* ms/ })).toBeDefined();

    fireEvent.change(screen.getByLabelText('Filter by text'), { target: { value: 'red' } });
    const only = await within(list).findAllByRole('option');
    expect(only).toHaveLength(1);
    fireEvent.click(only[0] as HTMLElement);
    expect(screen.getByLabelText('Payload').textContent).toBe('{\n  "color": "red"\n}');
  });
});
