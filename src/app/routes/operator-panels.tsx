import type { ReactNode } from 'react';

/** Operator tabs besides Devices (profiles, claiming, firmware), in tab order. */
export const OPERATOR_EXTRA_PANELS: readonly {
  id: string;
  label: string;
  render: () => ReactNode;
}[] = [];
