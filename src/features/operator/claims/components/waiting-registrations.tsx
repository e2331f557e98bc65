import { useId } from 'react';
import { useStore } from 'zustand';

import { useOperator } from '@/lib/operator-context.tsx';

import { registrationsFor } from '../stores/registrations-store.ts';

/** Devices that registered for claiming since the operator logged in; "Use" puts the name in the form. */
export function WaitingRegistrations({ onPick }: { onPick: (deviceName: string) => void }) {
  const id = useId();
  const waiting = useStore(registrationsFor(useOperator()), (s) => s.waiting);
  return (
    <div>
      <h4 id={`${id}-h`}>Waiting to be claimed</h4>
      {waiting.length === 0 && (
        <p className="pk-muted">No device has registered since you logged in.</p>
      )}
      <ul aria-labelledby={`${id}-h`}>
        {waiting.map((r) => (
          <li key={r.deviceId}>
            {r.deviceName}{' '}
            <span className="pk-muted">until {new Date(r.expiresAt).toLocaleString()}</span>{' '}
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
