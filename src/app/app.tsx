import type { QueryClient } from '@tanstack/react-query';

import { ConnectForm } from '@/features/connection/components/connect-form.tsx';
import {
  ConnectionBadge,
  ConnectionStatus,
} from '@/features/connection/components/connection-status.tsx';
import { ProfileControls } from '@/features/connection/components/profile-controls.tsx';
import { ProfileList } from '@/features/connection/components/profile-list.tsx';
import type { MqttSession } from '@/session/mqtt-session.ts';

import { AppProvider } from './provider.tsx';
import { DeviceRoute } from './routes/device.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

/** The console shell: a header, the connection sidebar and the device panels, composed from features. */
export function App({ session, queryClient }: { session: MqttSession; queryClient: QueryClient }) {
  return (
    <AppProvider session={session} queryClient={queryClient}>
      <a className="skip-link" href="#panels">
        Skip to the panels
      </a>
      <header className="app-header">
        <h1>IoT Hub device console</h1>
        <span className="role-badge" title="You act as a device">
          Device
        </span>
        <span className="app-header__spacer" />
        <ConnectionBadge />
        <ThemeToggle />
      </header>
      <div className="app-body">
        <aside className="app-sidebar card" aria-labelledby="connection-heading">
          <h2 id="connection-heading">Connection</h2>
          <ConnectForm />
          <ConnectionStatus />
          <details className="app-sidebar__profiles">
            <summary>Profiles and link</summary>
            <ProfileControls />
            <ProfileList />
          </details>
        </aside>
        <main className="app-main" id="panels" tabIndex={-1}>
          <DeviceRoute />
        </main>
      </div>
    </AppProvider>
  );
}
