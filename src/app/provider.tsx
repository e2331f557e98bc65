import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { ErrorBoundary } from '@/components/ui/error-boundary.tsx';
import { SessionProvider } from '@/lib/session-context.tsx';
import type { DeviceRouter } from '@/session/device-router.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';

export interface AppProviderProps {
  session: MqttSession;
  /** The device side's inbound router over `session` (app/device-parts.ts). */
  router: DeviceRouter;
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything the features need from above: the query cache, the session and a root error boundary. */
export function AppProvider({ session, router, queryClient, children }: AppProviderProps) {
  return (
    <ErrorBoundary title="The console crashed">
      <QueryClientProvider client={queryClient}>
        <SessionProvider session={session} router={router}>
          {children}
        </SessionProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
