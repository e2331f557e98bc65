import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { useOperator } from '@/lib/operator-context.tsx';

import { registrationsQueryOptions } from '../api/get-registrations.ts';

/** Every device with a claim registration the broker stores; "Use" puts the name in the form. */
export function WaitingRegistrations({
  onPick,
  shown,
}: {
  onPick: (deviceName: string) => void;
  /** Whether the tab is open (the list is asked for then). */
  shown: boolean;
}) {
  const id = useId();
  const registrations = useQuery(registrationsQueryOptions(useOperator(), shown));
  const waiting = registrations.data ?? [];
  return (
    <div>
      <h4 id={`${id}-h`}>Waiting to be claimed</h4>
      {registrations.error && (
        <p className="text-danger" role="alert">
          Could not list the registrations: {registrations.error.message}
        </p>
      )}
      {registrations.isSuccess && waiting.length === 0 && (
        <p className="pk-muted">No device has registered for claiming.</p>
      )}
      <ul aria-labelledby={`${id}-h`}>
        {waiting.map((r) => (
          <li key={r.deviceId}>
            {r.deviceName}{' '}
            <span className="pk-muted">
              {r.expired ? 'expired' : 'until'} {new Date(r.expiresAt).toLocaleString()}
            </span>{' '}
            <button
              type="button"
              className="button button--secondary button--small"
              aria-label={`Use ${r.deviceName}`}
              onClick={() => {
                onPick(r.deviceName);
              }}
            >
              Use
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
