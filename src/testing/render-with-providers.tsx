import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';

import { DevicePartSet } from '@/lib/device-side.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { SessionProvider } from '@/lib/session-context.tsx';
import { DeviceRouter } from '@/session/device-router.ts';
import { FakeTransport } from '@/session/fake-transport.ts';
import { MqttSession } from '@/session/mqtt-session.ts';
import type { ReconnectPolicy } from '@/session/reconnect-policy.ts';

export interface RenderWithProvidersResult extends RenderResult {
  /** A real session whose network is the fake below. */
  session: MqttSession;
  /** Scripts the broker's answers and records attempts. */
  transport: FakeTransport;
}

/**
 * Renders `ui` inside a fresh query cache and a real {@link MqttSession} over a {@link FakeTransport}
 * (by default fast retries: every 5 ms, no jitter), the way src/app/provider.tsx wires the real app.
 */
export function renderWithProviders(
  ui: ReactElement,
  options: { reconnect?: Partial<ReconnectPolicy> } = {},
): RenderWithProvidersResult {
  const transport = new FakeTransport();
  const session = new MqttSession({
    openTransport: transport.open,
    reconnect: { baseDelayMs: 5, maxDelayMs: 5, jitter: 0, ...options.reconnect },
    createClientId: () => 'test-client',
  });
  const result = render(
    <QueryClientProvider client={createQueryClient()}>
      <SessionProvider
        session={session}
        parts={new DevicePartSet({ channel: session, router: new DeviceRouter(session) })}
      >
        {ui}
      </SessionProvider>
    </QueryClientProvider>,
  );
  return { ...result, session, transport };
}
