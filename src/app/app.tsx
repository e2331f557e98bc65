import type { QueryClient } from '@tanstack/react-query';

import type { DevicePartSet } from '@/lib/device-side.ts';
import { OperatorProvider } from '@/lib/operator-context.tsx';
import type { MqttSession } from '@/session/mqtt-session.ts';

import { DeviceLayout } from './device-layout.tsx';
import { HeaderBadges } from './header-badges.tsx';
import type { OperatorParts } from './operator-parts.ts';
import { AppProvider } from './provider.tsx';
import { RoleSwitch, useRole } from './role-switch.tsx';
import { BothRoute } from './routes/both.tsx';
import { OperatorRoute } from './routes/operator.tsx';
import { ThemeToggle } from './theme-toggle.tsx';

function RoleBody({ operator }: { operator: OperatorParts }) {
  const role = useRole();
  if (role === 'device') return <DeviceLayout />;
  if (role === 'both') return <BothRoute timeline={operator.timeline} />;
  return (
    <main className="app-main app-main--operator" id="panels" tabIndex={-1}>
      <OperatorRoute />
    </main>
  );
}

/** The console shell: a header with the role switch, then the device, operator or split view. */
export function App({
  session,
  parts,
  queryClient,
  operator,
}: {
  session: MqttSession;
  parts: DevicePartSet;
  queryClient: QueryClient;
  operator: OperatorParts;
}) {
  return (
    <AppProvider session={session} parts={parts} queryClient={queryClient}>
      <OperatorProvider client={operator.client} session={operator.session}>
        <a className="skip-link" href="#panels">
          Skip to the panels
        </a>
        <header className="app-header">
          <h1>IoT Hub device console</h1>
          <RoleSwitch />
          <span className="app-header__spacer" />
          <HeaderBadges />
          <ThemeToggle />
        </header>
        <RoleBody operator={operator} />
      </OperatorProvider>
    </AppProvider>
  );
}
