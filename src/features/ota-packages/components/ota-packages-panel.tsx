import { AssignForm } from './assign-form.tsx';
import { OtaProgressTable } from './ota-progress-table.tsx';
import { PackagesTable } from './packages-table.tsx';
import { UploadForm } from './upload-form.tsx';

/**
 * The operator's Firmware tab: upload packages in chunks, list and delete them, assign them to a
 * device or a profile, and watch each device's `fw_state` / `sw_state` as it reports.
 */
export function OtaPackagesPanel() {
  return (
    <div className="pk-grid">
      <UploadForm />
      <PackagesTable />
      <AssignForm />
      <OtaProgressTable />
    </div>
  );
}
