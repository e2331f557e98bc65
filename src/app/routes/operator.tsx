import type { ReactNode } from 'react';

import { ErrorBoundary } from '@/components/ui/error-boundary.tsx';
import { Tabs } from '@/components/ui/tabs.tsx';
import { BridgeNotice } from '@/features/operator/devices/components/bridge-notice.tsx';
import { CreateDeviceForm } from '@/features/operator/devices/components/create-device-form.tsx';
import { DeviceList } from '@/features/operator/devices/components/device-list.tsx';
import { OperatorLoginForm } from '@/features/operator/login/components/operator-login-form.tsx';
import { useOperatorStatus } from '@/lib/operator-context.tsx';
import { useSearchParam, writeSearchParams } from '@/lib/url-state.ts';

import { useSimulateDevice } from '../use-simulate-device.ts';

import { OperatorDeviceDetail } from './operator-device-detail.tsx';
import { OPERATOR_EXTRA_PANELS } from './operator-panels.tsx';

import '../operator.css';

function DevicesPanel() {
  const selected = useSearchParam('device');
  const { simulate, problem } = useSimulateDevice();
  return (
    <div className="op-devices-layout">
      <div className="op-devices-layout__list">
        <BridgeNotice />
        {problem !== null && (
          <p className="pk-note pk-note--error" role="alert">
            {problem}
          </p>
        )}
        <DeviceList
          selectedId={selected}
          onSelect={(id) => {
            writeSearchParams({ device: id });
          }}
          onSimulate={(device) => void simulate(device)}
        />
        <details className="op-create">
          <summary>Create a device</summary>
          <CreateDeviceForm />
        </details>
      </div>
      {selected === null ? (
        <p className="pk-note">
          Choose a device to see its telemetry, attributes, RPCs and events.
        </p>
      ) : (
        <OperatorDeviceDetail key={selected} deviceId={selected} />
      )}
    </div>
  );
}

interface OperatorPanel {
  id: string;
  label: string;
  render: () => ReactNode;
}

const PANELS: readonly OperatorPanel[] = [
  { id: 'devices', label: 'Devices', render: () => <DevicesPanel /> },
  ...OPERATOR_EXTRA_PANELS,
];

/**
 * The operator role: log in over the operator API, then devices (with their detail), provisioning
 * profiles and more as tabs. `param` names the query parameter holding the tab (`panel`, or
 * `opanel` in the split view where `panel` belongs to the device side).
 */
export function OperatorRoute({ param = 'panel' }: { param?: string }) {
  const status = useOperatorStatus((s) => s.status);
  const selected = useSearchParam(param) ?? 'devices';
  // While the session reconnects the panels stay (showing what they had), not a blank page.
  const shown = status === 'connected' || status === 'reconnecting';
  return (
    <div className="op-route">
      <h2 className="visually-hidden">Operator</h2>
      <OperatorLoginForm />
      {shown && (
        <Tabs
          label="Operator panels"
          selected={selected}
          onSelect={(id) => {
            writeSearchParams({ [param]: id });
          }}
          items={PANELS.map((p) => ({
            id: p.id,
            label: p.label,
            content: (
              <ErrorBoundary title={`The ${p.label} panel crashed`}>{p.render()}</ErrorBoundary>
            ),
          }))}
        />
      )}
    </div>
  );
}
