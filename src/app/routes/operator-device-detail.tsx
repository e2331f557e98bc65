import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';

import { ErrorBoundary } from '@/components/ui/error-boundary.tsx';
import { Tabs } from '@/components/ui/tabs.tsx';
import { DeviceActivity } from '@/features/operator/activity/components/device-activity.tsx';
import { AttributesByScope } from '@/features/operator/attributes/components/attributes-by-scope.tsx';
import { deviceQueryOptions } from '@/features/operator/devices/api/get-device.ts';
import { PendingClientRpcs } from '@/features/operator/rpc/components/pending-client-rpcs.tsx';
import { PersistentRpcs } from '@/features/operator/rpc/components/persistent-rpcs.tsx';
import { ReplyRulesEditor } from '@/features/operator/rpc/components/reply-rules-editor.tsx';
import { SendRpcForm } from '@/features/operator/rpc/components/send-rpc-form.tsx';
import { LatestTelemetry } from '@/features/operator/telemetry/components/latest-telemetry.tsx';
import { useOperator } from '@/lib/operator-context.tsx';
import { useSearchParam, writeSearchParams } from '@/lib/url-state.ts';

/** recharts is loaded when a chart is first shown, not on first paint. */
const TelemetryChart = lazy(async () => ({
  default: (await import('@/features/operator/telemetry/components/telemetry-chart.tsx'))
    .TelemetryChart,
}));

interface DetailTab {
  id: string;
  label: string;
  render: (deviceId: string) => ReactNode;
}

const TABS: readonly DetailTab[] = [
  {
    id: 'telemetry',
    label: 'Device telemetry',
    render: (id) => (
      <div className="pk-grid pk-grid--wide">
        <LatestTelemetry deviceId={id} />
        <Suspense fallback={<p className="pk-muted">Loading the chart…</p>}>
          <TelemetryChart deviceId={id} />
        </Suspense>
      </div>
    ),
  },
  {
    id: 'attributes',
    label: 'Device attributes',
    render: (id) => <AttributesByScope deviceId={id} />,
  },
  {
    id: 'rpc',
    label: 'Device RPC',
    render: (id) => (
      <div className="pk-grid pk-grid--wide">
        <SendRpcForm deviceId={id} />
        <PersistentRpcs deviceId={id} />
        <PendingClientRpcs deviceId={id} />
        <ReplyRulesEditor deviceId={id} />
      </div>
    ),
  },
  {
    id: 'activity',
    label: 'Sessions and events',
    render: (id) => <DeviceActivity deviceId={id} />,
  },
];

/** One device as the operator sees it: telemetry and chart, attributes, RPC, sessions and events. */
export function OperatorDeviceDetail({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const selected = useSearchParam('dtab') ?? 'telemetry';
  const device = useQuery(deviceQueryOptions(client, deviceId)).data;
  return (
    <section className="op-detail" aria-label={`Device ${device?.name ?? deviceId}`}>
      <h2 className="op-detail__title">
        {device?.name ?? 'Device'}{' '}
        {device && (
          <span className={`op-state op-state--${device.online ? 'on' : 'off'}`}>
            {device.online ? 'Online' : 'Offline'}
          </span>
        )}
      </h2>
      <Tabs
        label="Device detail"
        selected={selected}
        onSelect={(id) => {
          writeSearchParams({ dtab: id });
        }}
        items={TABS.map((tab) => ({
          id: tab.id,
          label: tab.label,
          content: (
            <ErrorBoundary title={`${tab.label} crashed`}>
              {tab.id === selected ? tab.render(deviceId) : null}
            </ErrorBoundary>
          ),
        }))}
      />
    </section>
  );
}
