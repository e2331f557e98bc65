import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';

import type { OperatorClient } from '@/client/operator-client.ts';
import { OperatorProvider } from '@/lib/operator-context.tsx';
import { FakeTransport } from '@/session/fake-transport.ts';
import { MqttSession } from '@/session/mqtt-session.ts';

/**
 * Renders an operator feature inside `queryClient` and an {@link OperatorProvider} of `client`
 * (its own session is a real MqttSession over a FakeTransport that is never connected).
 */
export function renderWithOperator(
  ui: ReactElement,
  client: OperatorClient,
  queryClient: QueryClient,
) {
  const session = new MqttSession({ openTransport: new FakeTransport().open });
  return render(
    <QueryClientProvider client={queryClient}>
      <OperatorProvider client={client} session={session}>
        {ui}
      </OperatorProvider>
    </QueryClientProvider>,
  );
}
