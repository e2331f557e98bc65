import { ConnectForm } from '@/features/device/connection/components/connect-form.tsx';
import { ConnectionStatus } from '@/features/device/connection/components/connection-status.tsx';
import { ProfileControls } from '@/features/device/connection/components/profile-controls.tsx';
import { ProfileList } from '@/features/device/connection/components/profile-list.tsx';

import { DeviceRoute } from './routes/device.tsx';

/** The device role: the connection sidebar and the device panels. */
export function DeviceLayout() {
  return (
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
  );
}
