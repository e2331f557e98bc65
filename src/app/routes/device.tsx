import type { ReactNode } from 'react';

import { ErrorBoundary } from '@/components/ui/error-boundary.tsx';
import { Tabs } from '@/components/ui/tabs.tsx';
import { AttributesPanel } from '@/features/device/attributes/components/attributes-panel.tsx';
import { ClaimPanel } from '@/features/device/claim/components/claim-panel.tsx';
import { FirmwarePanel } from '@/features/device/firmware/components/firmware-panel.tsx';
import { LogPanel } from '@/features/device/log/components/log-panel.tsx';
import { ProtobufPanel } from '@/features/device/protobuf/components/protobuf-panel.tsx';
import { ProvisionPanel } from '@/features/device/provision/components/provision-panel.tsx';
import { RpcPanel } from '@/features/device/rpc/components/rpc-panel.tsx';
import { TelemetryPanel } from '@/features/device/telemetry/components/telemetry-panel.tsx';
import { useSearchParam, writeSearchParams } from '@/lib/url-state.ts';

interface DevicePanel {
  id: string;
  label: string;
  render: () => ReactNode;
}

/**
 * The device role's panels, in tab order. The `panel` query parameter selects one (deep links).
 * Each panel renders inside its own error boundary, so one failing panel leaves the others usable.
 * Slots marked SLOT are one line each: replace `<PanelSlot …/>` with the feature's panel.
 */
const PANELS: readonly DevicePanel[] = [
  { id: 'telemetry', label: 'Telemetry', render: () => <TelemetryPanel /> },
  { id: 'attributes', label: 'Attributes', render: () => <AttributesPanel /> },
  { id: 'rpc', label: 'RPC', render: () => <RpcPanel /> }, // SLOT: RPC panel
  { id: 'claim', label: 'Claim', render: () => <ClaimPanel /> }, // SLOT: Claim panel
  { id: 'provision', label: 'Provision', render: () => <ProvisionPanel /> }, // SLOT: Provision panel
  { id: 'firmware', label: 'Firmware', render: () => <FirmwarePanel /> }, // SLOT: Firmware panel
  { id: 'protobuf', label: 'Protobuf', render: () => <ProtobufPanel /> },
  { id: 'log', label: 'Log', render: () => <LogPanel /> },
];

/** The device console: every device-API area as a tab. */
export function DeviceRoute() {
  const panel = useSearchParam('panel') ?? 'telemetry';
  return (
    <Tabs
      label="Device panels"
      selected={panel}
      onSelect={(id) => {
        writeSearchParams({ panel: id }); // keeps the role: the split view shows these panels too
      }}
      items={PANELS.map((item) => ({
        id: item.id,
        label: item.label,
        content: (
          <ErrorBoundary title={`The ${item.label} panel crashed`}>{item.render()}</ErrorBoundary>
        ),
      }))}
    />
  );
}
