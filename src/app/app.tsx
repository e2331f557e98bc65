import type { QueryClient } from '@tanstack/react-query';

import { ConnectForm } from '@/features/connection/components/connect-form.tsx';
import { ConnectionStatus } from '@/features/connection/components/connection-status.tsx';
import type { MqttSession } from '@/session/mqtt-session.ts';

import { AppProvider } from './provider.tsx';

/** The console shell: a header and the panels, composed from features. */
export function App({ session, queryClient }: { session: MqttSession; queryClient: QueryClient }) {
  return (
    <AppProvider session={session} queryClient={queryClient}>
      <header className="app-header">
        <h1>IoT Hub device console</h1>
      </header>
      <main className="app-main">
        <section className="card" aria-labelledby="connection-heading">
          <h2 id="connection-heading">Connection</h2>
          <ConnectForm />
          <ConnectionStatus />
        </section>
      </main>
    </AppProvider>
  );
}
