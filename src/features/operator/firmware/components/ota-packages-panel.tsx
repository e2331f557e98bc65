import { useRef } from 'react';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { useFreshWhenShown } from '@/lib/use-fresh-when-shown.ts';

import { AssignForm } from './assign-form.tsx';
import { OtaProgressTable } from './ota-progress-table.tsx';
import { PackagesTable } from './packages-table.tsx';
import { UploadForm } from './upload-form.tsx';

// Packages uploaded elsewhere (the CLI, another operator, a test through the hub) push no event.
const SHOWN_KEYS = [
  operatorKeys.otaPackages(),
  operatorKeys.otaStatus(),
  operatorKeys.deviceChoices(''),
  operatorKeys.profiles(),
];

/**
 * The operator's Firmware tab: upload packages in chunks, list and delete them, assign them to a
 * device or a profile, and watch each device's `fw_state` / `sw_state` as it reports. The lists are
 * fetched afresh when the tab is first opened (it stays mounted while hidden).
 */
export function OtaPackagesPanel() {
  const root = useRef<HTMLDivElement>(null);
  useFreshWhenShown(root, SHOWN_KEYS);
  return (
    <div className="pk-grid" ref={root}>
      <UploadForm />
      <AssignForm />
      <div className="pk-span-all">
        <PackagesTable />
      </div>
      <div className="pk-span-all">
        <OtaProgressTable />
      </div>
    </div>
  );
}
