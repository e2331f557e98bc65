import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@/testing/render-with-providers.tsx';

import { TelemetryPanel } from './telemetry-panel.tsx';

async function connected() {
  const rendered = renderWithProviders(<TelemetryPanel />);
  await act(async () => {
    rendered.session.connect({
      url: 'ws://hub.test/mqtt',
      protocolVersion: 4,
      credentials: { kind: 'token', token: 'T' },
    });
    await Promise.resolve();
  });
  return rendered;
}

const telemetryPublishes = <P extends { topic: string }>(published: P[]): P[] =>
  published.filter((p) => p.topic === 'v1/devices/me/telemetry');

describe('telemetry panel', () => {
  it('types lenient input before sending and sends strict JSON with QoS 1', async () => {
    const { transport } = await connected();
    fireEvent.change(screen.getByLabelText('Telemetry JSON'), {
      target: { value: "{temperature: '42', gone: null}" },
    });
    expect(screen.getByText(/Lenient JSON: it will be sent as strict JSON/).textContent).toContain(
      '{"temperature":"42","gone":null}',
    );
    expect(screen.getByRole('row', { name: /temperature/ }).textContent).toContain('LONG');
    expect(screen.getByText('Skipped (null): gone')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Send telemetry' }));
    expect(await screen.findByText(/^PUBACK after [\d.]+ ms\.$/)).toBeDefined();
    // the panel also asks the broker's session limits (getSessionLimits) when it connects
    expect(telemetryPublishes(transport.published)).toEqual([
      { topic: 'v1/devices/me/telemetry', payload: '{"temperature":"42","gone":null}', qos: 1 },
    ]);
  });

  it('does not send what the platform would refuse, unless asked to send it as typed', async () => {
    const { transport } = await connected();
    fireEvent.change(screen.getByLabelText('Telemetry JSON'), { target: { value: '[1, 2]' } });
    expect(screen.getByRole('alert').textContent).toBe(
      'Telemetry array element 0 must be an object, got a number',
    );
    const send = screen.getByRole('button', { name: 'Send telemetry' });
    expect(send.matches(':disabled')).toBe(true);

    transport.answerPublish(() => ({ kind: 'close' }));
    fireEvent.click(screen.getByLabelText('Send exactly as typed (no check, no conversion)'));
    fireEvent.click(send);
    expect(
      await screen.findByText(
        'The connection closed before the broker acknowledged your publish to v1/devices/me/telemetry.',
      ),
    ).toBeDefined();
    expect(telemetryPublishes(transport.published)[0]?.payload).toBe('[1, 2]');
  });
});
