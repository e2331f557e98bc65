import type { ReactNode } from 'react';

import { ClaimingPanel } from '@/features/operator/claims/components/claiming-panel.tsx';
import { OtaPackagesPanel } from '@/features/operator/firmware/components/ota-packages-panel.tsx';
import { ProfilesPanel } from '@/features/operator/profiles/components/profiles-panel.tsx';

/** Operator tabs besides Devices (profiles, claiming, firmware), in tab order: one entry a line. */
export const OPERATOR_EXTRA_PANELS: readonly {
  id: string;
  label: string;
  render: () => ReactNode;
}[] = [
  { id: 'profiles', label: 'Provisioning profiles', render: () => <ProfilesPanel /> },
  { id: 'claiming', label: 'Claiming', render: () => <ClaimingPanel /> },
  { id: 'firmware', label: 'Firmware', render: () => <OtaPackagesPanel /> },
];
