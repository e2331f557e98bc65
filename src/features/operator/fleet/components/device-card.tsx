import { memo } from 'react';
import { useStore } from 'zustand';

import { Sparkline } from '@/components/charts/sparkline.tsx';
import { liveSeriesFor } from '@/lib/live-series-store.ts';
import { isMeasurementKey } from '@/lib/measurement-keys.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useLiveSeries } from '@/lib/use-live-series.ts';
import type { DeviceDto } from '@protocol/operator-dto.ts';
import type { OtaProgressDto } from '@protocol/operator-ota-dto.ts';

import { pendingRpcsFor } from '../stores/pending-rpcs-store.ts';

import { GpsTrack, trackPoints } from './gps-track.tsx';

/** Sparklines a card shows at most. */
const MAIN_KEYS = 3;
/** A card redraws at most this often, ms: a thousand cards stay smooth. */
const REDRAW_MS = 1000;
const POSITION = new Set(['latitude', 'longitude', 'lat', 'lon', 'lng']);

function firmwareText(firmware: OtaProgressDto | undefined): string {
  if (firmware === undefined) return 'no firmware assigned';
  const version = firmware.currentVersion ?? firmware.targetVersion;
  return [firmware.state ?? 'no update', version === null ? '' : `v${version}`]
    .filter((s) => s !== '')
    .join(' · ');
}

/** One device of the fleet: state, last activity, live sparklines (or its GPS track), firmware, RPCs. */
export const DeviceCard = memo(function DeviceCard({
  device,
  firmware,
}: {
  device: DeviceDto;
  firmware: OtaProgressDto | undefined;
}) {
  const client = useOperator();
  const series = useLiveSeries(liveSeriesFor(client), device.id, REDRAW_MS);
  const pending = useStore(pendingRpcsFor(client), (s) => s.pending[device.id]?.length ?? 0);
  const keys = [...series.keys()].filter((k) => isMeasurementKey(k) && !POSITION.has(k)).sort();
  const latitude = series.get('latitude') ?? series.get('lat');
  const longitude = series.get('longitude') ?? series.get('lon') ?? series.get('lng');
  const track =
    latitude !== undefined && longitude !== undefined
      ? trackPoints(latitude.toPoints(), longitude.toPoints())
      : null;

  return (
    <div className="fleet-card" role="listitem" aria-label={device.name}>
      <div className="fleet-card__head">
        <h3 className="fleet-card__name">{device.name}</h3>
        <span className={`op-state op-state--${device.online ? 'on' : 'off'}`}>
          {device.online ? 'Online' : 'Offline'}
        </span>
      </div>
      <p className="pk-muted op-sub">
        {device.lastActivityTime === null
          ? 'never active'
          : `active ${new Date(device.lastActivityTime).toLocaleTimeString()}`}
      </p>
      <div className="fleet-card__charts">
        {track !== null && (
          <GpsTrack points={track} label={`${device.name} track`} width={170} height={84} />
        )}
        {keys.slice(0, track === null ? MAIN_KEYS : MAIN_KEYS - 1).map((key) => (
          <div key={key} className="fleet-card__spark">
            <span className="op-sub">{key}</span>
            <Sparkline
              values={series.get(key)?.lastValues(60) ?? []}
              label={`${device.name} ${key}`}
              width={80}
              height={30}
            />
          </div>
        ))}
        {keys.length === 0 && track === null && (
          <p className="pk-muted op-sub">No live telemetry since you logged in.</p>
        )}
      </div>
      <p className="op-sub fleet-card__foot">
        <span>Firmware: {firmwareText(firmware)}</span>
        <span>
          {pending === 0 ? 'no pending RPC' : `${pending} pending RPC${pending === 1 ? '' : 's'}`}
        </span>
      </p>
    </div>
  );
});
