import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';

import { ErrorBoundary } from '@/components/ui/error-boundary.tsx';
import type { DevicePartSet } from '@/lib/device-side.ts';
import { SessionProvider } from '@/lib/session-context.tsx';
import type { MqttSession } from '@/session/mqtt-session.ts';

export interface AppProviderProps {
  session: MqttSession;
  /** The device side over `session`: its router and parts (app/device-parts.ts). */
  parts: DevicePartSet;
  queryClient: QueryClient;
  children: ReactNode;
}

/** Everything the features need from above: the query cache, the session and a root error boundary. */
export function AppProvider({ session, parts, queryClient, children }: AppProviderProps) {
  return (
    <ErrorBoundary title="The console crashed">
      <QueryClientProvider client={queryClient}>
        <SessionProvider session={session} parts={parts}>
          {children}
        </SessionProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
