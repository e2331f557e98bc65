import { act, fireEvent, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';

import { renderWithProviders } from '@/testing/render-with-providers.tsx';

import { resetConnectDraft } from '../stores/connect-draft-store.ts';
import { resetProfilesStore } from '../stores/profiles-store.ts';

import { ConnectForm } from './connect-form.tsx';
import { ConnectionStatus } from './connection-status.tsx';

function renderConnection(options: Parameters<typeof renderWithProviders>[1] = {}) {
  return renderWithProviders(
    <>
      <ConnectForm />
      <ConnectionStatus />
    </>,
    options,
  );
}

function status(): HTMLElement {
  return screen.getByRole('status', { name: 'Connection status' });
}

beforeEach(() => {
  resetConnectDraft();
  resetProfilesStore();
});

describe('connect form and status', () => {
  it('defaults the broker URL to this origin at /mqtt and starts disconnected', () => {
    renderConnection();
    expect(screen.getByLabelText<HTMLInputElement>('Broker URL').value).toBe(
      `ws://${window.location.host}/mqtt`,
    );
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'MQTT 3.1.1' }).checked).toBe(true);
    expect(status().textContent).toBe('Disconnected');
  });

  it('connects with the token as username and the chosen version, then disconnects', async () => {
    const { transport } = renderConnection();
    fireEvent.change(screen.getByLabelText('Broker URL'), {
      target: { value: ' ws://hub.test/mqtt ' },
    });
    fireEvent.click(screen.getByRole('radio', { name: 'MQTT 5' }));
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'A1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByText('Connected')).toBeDefined();
    expect(status().textContent).toBe('Connected to ws://hub.test/mqtt as test-client');
    expect(transport.attempts).toEqual([
      expect.objectContaining({ url: 'ws://hub.test/mqtt', protocolVersion: 5, username: 'A1' }),
    ]);
    expect(screen.getByLabelText('Access token').matches(':disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByRole('button', { name: 'Connect' })).toBeDefined();
    expect(status().textContent).toBe('Disconnected');
    expect(transport.ended).toHaveLength(1);
  });

  it('shows a refusal in plain words with the fix', async () => {
    const { transport } = renderConnection();
    transport.answer(() => ({ kind: 'refuse', code: 5 }));
    fireEvent.change(screen.getByLabelText('Access token'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(
      await screen.findByText(/not authorized: no device has this access token/),
    ).toBeDefined();
    expect(status().textContent).toMatch(/^Disconnected/);
    expect(screen.getByRole('button', { name: 'Connect' })).toBeDefined();
  });

  it('counts down to the next retry and Retry now tries at once', async () => {
    // A long wait, so only the button can bring the next attempt within this test.
    const { transport, session } = renderConnection({
      reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    transport.answer(() => ({ kind: 'unreachable' }));
    await act(async () => {
      session.connect({
        url: 'ws://hub.test/mqtt',
        protocolVersion: 4,
        credentials: { kind: 'token', token: 'A1' },
      });
      await Promise.resolve();
    });
    expect(status().textContent).toMatch(
      /^ReconnectingCannot reach the broker at ws:\/\/hub\.test/,
    );
    expect(status().textContent).toMatch(
      /Reconnecting in 60 s \(attempt 1\)\. The console keeps trying while this page is open; press Retry now to try at once\./,
    );
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeDefined();

    transport.answer(() => ({ kind: 'accept' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry now (device connection)' }));
      await Promise.resolve();
    });
    expect(transport.attempts).toHaveLength(2);
    expect(await screen.findByText('Connected')).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Retry now (device connection)' })).toBeNull();
  });

  it('connects with basic credentials: client id, username and password', async () => {
    const { transport } = renderConnection();
    fireEvent.click(screen.getByRole('radio', { name: 'Basic MQTT' }));
    fireEvent.change(screen.getByLabelText('Client ID'), { target: { value: 'c1' } });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'u1' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'p1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(await screen.findByText('Connected')).toBeDefined();
    expect(transport.attempts).toEqual([
      expect.objectContaining({ clientId: 'c1', username: 'u1', password: 'p1' }),
    ]);
  });

  it('opens a provision session with the username provision', async () => {
    const { transport } = renderConnection();
    fireEvent.click(screen.getByRole('radio', { name: 'Provision' }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    expect(
      await screen.findByText(/Provision session: only the Provision panel works/),
    ).toBeDefined();
    expect(transport.attempts[0]?.username).toBe('provision');
  });
});
