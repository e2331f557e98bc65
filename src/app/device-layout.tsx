import { ConnectForm } from '@/features/device/connection/components/connect-form.tsx';
import { ConnectionStatus } from '@/features/device/connection/components/connection-status.tsx';
import { ProfileControls } from '@/features/device/connection/components/profile-controls.tsx';
import { ProfileList } from '@/features/device/connection/components/profile-list.tsx';

import { DeviceRoute } from './routes/device.tsx';

/**
 * The device role: the connection sidebar and the device panels. On its own it is the page's
 * landmarks (`aside` and `main`); `nested` (the split view, inside its own `main`) uses plain
 * sections, since landmarks must not nest (axe `landmark-*-is-top-level`).
 */
export function DeviceLayout({ nested = false }: { nested?: boolean }) {
  const Sidebar = nested ? 'section' : 'aside';
  const Main = nested ? 'div' : 'main';
  return (
    <div className="app-body">
      <Sidebar className="app-sidebar card" aria-labelledby="connection-heading">
        <h2 id="connection-heading">Connection</h2>
        {/* First, so a refusal or network error is in sight at any window height. */}
        <ConnectionStatus />
        <ConnectForm />
        <details className="app-sidebar__profiles">
          <summary>Profiles and link</summary>
          <ProfileControls />
          <ProfileList />
        </details>
      </Sidebar>
      <Main className="app-main" {...(nested ? {} : { id: 'panels', tabIndex: -1 })}>
        <DeviceRoute />
      </Main>
    </div>
  );
}
