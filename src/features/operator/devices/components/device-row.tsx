import { useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { DeviceDto } from '@protocol/operator-dto.ts';

import { credentialsText } from '../api/credentials-text.ts';
import { useDeleteDevice } from '../api/use-device-mutations.ts';

const formatTime = (ts: number | null) =>
  ts === null ? 'never active' : `active ${new Date(ts).toLocaleTimeString()}`;

export interface DeviceRowProps {
  device: DeviceDto;
  /** Its `aria-rowindex` in the whole list (the header is 1; rows out of view are not rendered). */
  rowIndex: number;
  /** 1 for a device a gateway created, shown under it. */
  depth: number;
  selected: boolean;
  onSelect: (deviceId: string) => void;
  /** "Simulate": open the device side connected with this device's credentials (composed in app/). */
  onSimulate?: ((device: DeviceDto) => void) | undefined;
}

/** One device: select it, see its state, simulate it, copy its credentials, delete it (asks once more). */
export function DeviceRow({
  device,
  rowIndex,
  depth,
  selected,
  onSelect,
  onSimulate,
}: DeviceRowProps) {
  const client = useOperator();
  const remove = useDeleteDevice();
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async () => {
    try {
      const text = credentialsText(
        await client.request('devices.credentials.get', { deviceId: device.id }),
      );
      await navigator.clipboard.writeText(text).catch(() => undefined);
      setCopied(`Copied: ${text}`);
    } catch (error) {
      setCopied(errorMessage(error));
    }
  };

  return (
    <tr
      aria-rowindex={rowIndex}
      aria-selected={selected}
      className={selected ? 'op-row--selected' : undefined}
    >
      <th scope="row" className={depth > 0 ? 'op-child' : undefined}>
        {depth > 0 && (
          <span aria-hidden="true" title="created by the gateway above">
            ↳{' '}
          </span>
        )}
        <button
          type="button"
          className="op-link"
          aria-current={selected ? 'true' : undefined}
          onClick={() => {
            onSelect(device.id);
          }}
        >
          {device.name}
        </button>
        {device.gateway && <span className="type-badge">gateway</span>}
        <div className="pk-muted op-sub">{device.profileName}</div>
      </th>
      <td>
        <span className={`op-state op-state--${device.online ? 'on' : 'off'}`}>
          {device.online ? 'Online' : 'Offline'}
        </span>
        <div className="pk-muted op-sub" title="Last activity">
          {formatTime(device.lastActivityTime)}
        </div>
      </td>
      <td>
        <div className="pk-buttons">
          {onSimulate && (
            <button
              type="button"
              className="button button--secondary button--small"
              aria-label={`Simulate ${device.name}`}
              title="Open the device side connected as this device"
              onClick={() => {
                onSimulate(device);
              }}
            >
              Simulate
            </button>
          )}
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={`Copy credentials of ${device.name}`}
            onClick={() => void copy()}
          >
            Copy
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-label={confirming ? `Confirm deleting ${device.name}` : `Delete ${device.name}`}
            disabled={remove.isPending}
            onClick={() => {
              if (confirming) remove.mutate(device.id);
              else setConfirming(true);
            }}
            onBlur={() => {
              setConfirming(false);
            }}
          >
            {confirming ? 'Confirm' : 'Delete'}
          </button>
        </div>
        {copied !== null && (
          <p className="op-copied mono" role="status" aria-label={`Credentials of ${device.name}`}>
            {copied}
          </p>
        )}
        {remove.error && (
          <p className="text-danger" role="alert">
            {remove.error.message}
          </p>
        )}
      </td>
    </tr>
  );
}
