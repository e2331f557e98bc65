import type { ReactNode } from 'react';

import { OtaPackagesPanel } from '@/features/ota-packages/components/ota-packages-panel.tsx';

/** Operator tabs besides Devices (profiles, claiming, firmware), in tab order. */
export const OPERATOR_EXTRA_PANELS: readonly {
  id: string;
  label: string;
  render: () => ReactNode;
}[] = [{ id: 'firmware', label: 'Firmware', render: () => <OtaPackagesPanel /> }];
