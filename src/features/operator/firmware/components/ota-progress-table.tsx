import { useQuery } from '@tanstack/react-query';
import { useStore } from 'zustand';

import { useOperator } from '@/lib/operator-context.tsx';
import { otaStatusQueryOptions } from '@/lib/ota-status-query.ts';
import type { OtaPackageTypeName, OtaProgressDto } from '@protocol/operator-ota-dto.ts';

import { formatBytes } from '../api/package-file.ts';
import { liveKey, otaLiveFor } from '../stores/ota-live-store.ts';
import type { OtaLive } from '../stores/ota-live-store.ts';

import { OtaStateSequence } from './ota-state-sequence.tsx';
import { QueryTableCard } from './query-table-card.tsx';

const TYPES = [
  ['FIRMWARE', 'firmware', 'Firmware'],
  ['SOFTWARE', 'software', 'Software'],
] as const;

const version = (title: string | null, v: string | null) =>
  title === null && v === null ? '—' : `${title ?? ''} ${v ?? ''}`.trim();

function chunksText(live: OtaLive | undefined): string {
  if (live === undefined || live.chunksServed === 0) return '—';
  const of = live.fileSize === null ? '' : ` of ${formatBytes(live.fileSize)}`;
  return `${String(live.distinctChunks)} chunks served (${formatBytes(live.bytesServed)}${of})`;
}

/** Each device's firmware and software progress (`ota.status`), live from `ota` events. */
export function OtaProgressTable() {
  const client = useOperator();
  const status = useQuery(otaStatusQueryOptions(client));
  const live = useStore(otaLiveFor(client), (s) => s.byKey);
  const rows = (status.data ?? []).flatMap((device) =>
    TYPES.map(([type, side, word]) => ({ device, type, word, p: device[side] })).filter(
      ({ p }: { p: OtaProgressDto }) => p.packageId !== null || p.state !== null,
    ),
  );

  return (
    <QueryTableCard
      title="Update progress"
      refreshLabel="Refresh progress"
      query={status}
      empty={rows.length === 0}
      emptyText="No device has a package assigned or reported an update yet."
    >
      <table className="data-table">
        <caption className="visually-hidden">Update progress</caption>
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Type</th>
            <th scope="col">Target</th>
            <th scope="col">State</th>
            <th scope="col">Chunks</th>
            <th scope="col">Current</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ device, type, word, p }) => (
            <ProgressRow
              key={`${device.deviceId}-${type}`}
              deviceName={device.deviceName}
              type={type}
              word={word}
              progress={p}
              live={live[liveKey(device.deviceId, type)]}
            />
          ))}
        </tbody>
      </table>
    </QueryTableCard>
  );
}

function ProgressRow(props: {
  deviceName: string;
  type: OtaPackageTypeName;
  word: string;
  progress: OtaProgressDto;
  live: OtaLive | undefined;
}) {
  const { deviceName, word, progress: p, live } = props;
  return (
    <tr>
      <th scope="row">{deviceName}</th>
      <td>{word}</td>
      <td>{version(p.targetTitle, p.targetVersion)}</td>
      <td>
        <span className="pk-badge" data-tone={p.state === 'FAILED' ? 'danger' : 'accent'}>
          {p.state ?? 'no state yet'}
        </span>
        {p.error !== null && <p className="text-danger">{p.error}</p>}
        <OtaStateSequence
          state={p.state}
          seen={live?.states.map((s) => s.state) ?? []}
          label={`${word} states of ${deviceName}`}
        />
      </td>
      <td>{chunksText(live)}</td>
      <td>{version(p.currentTitle, p.currentVersion)}</td>
    </tr>
  );
}
