import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';

import { ClaimingPanel } from '@/features/operator/claims/components/claiming-panel.tsx';
import { OtaPackagesPanel } from '@/features/operator/firmware/components/ota-packages-panel.tsx';
import { ProfilesPanel } from '@/features/operator/profiles/components/profiles-panel.tsx';

/** The fleet overview is loaded when the operator logs in, not on first paint. */
const FleetOverview = lazy(async () => ({
  default: (await import('@/features/operator/fleet/components/fleet-overview.tsx')).FleetOverview,
}));

/** Operator tabs besides Devices (fleet, profiles, claiming, firmware), in tab order: one entry a line. */
export const OPERATOR_EXTRA_PANELS: readonly {
  id: string;
  label: string;
  render: () => ReactNode;
}[] = [
  {
    id: 'fleet',
    label: 'Fleet overview',
    render: () => (
      <Suspense fallback={<p className="pk-muted">Loading the fleet…</p>}>
        <FleetOverview />
      </Suspense>
    ),
  },
  { id: 'profiles', label: 'Provisioning profiles', render: () => <ProfilesPanel /> },
  { id: 'claiming', label: 'Claiming', render: () => <ClaimingPanel /> },
  { id: 'firmware', label: 'Firmware', render: () => <OtaPackagesPanel /> },
];
