import { useId } from 'react';

import { useSessionStatus } from '@/lib/session-context.tsx';
import { responseFilter } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

const FAMILIES: readonly { value: Family; label: string }[] = [
  { value: 'v1', label: 'v1' },
  { value: 'v2', label: 'v2' },
  { value: 'v2j', label: 'v2 JSON' },
];

function subscriptionText(granted: number | null | undefined, connected: boolean): string {
  if (!connected) return 'Not listening: connect as a device first.';
  if (granted === undefined) return 'Not subscribed yet.';
  if (granted === null) return 'Subscribing…';
  if (granted >= 0x80) return `The broker refused the subscription (0x${granted.toString(16)}).`;
  return `Listening (QoS ${granted}).`;
}

/** Which topic family the RPC panel uses (spec §2.2), and whether the request filter is granted. */
export function RpcFamilySelect({
  family,
  onChange,
  subscribeError,
}: {
  family: Family;
  onChange: (family: Family) => void;
  subscribeError: string | null;
}) {
  const id = useId();
  const filter = responseFilter.rpcRequest(family);
  const connected = useSessionStatus((s) => s.status === 'connected');
  const granted = useSessionStatus((s) => s.subscriptions[filter]?.granted);

  return (
    <div className="pk-row">
      <div className="field field--fit">
        <label htmlFor={id}>Topic family</label>
        <select
          id={id}
          value={family}
          aria-describedby={`${id}-status`}
          onChange={(event) => {
            onChange(event.target.value as Family);
          }}
        >
          {FAMILIES.map((option) => (
            <option key={option.value} value={option.value}>
              {`${option.label} (${responseFilter.rpcRequest(option.value)})`}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-status`} className="pk-muted" aria-live="polite">
        <code>{filter}</code> — {subscribeError ?? subscriptionText(granted, connected)}
      </p>
    </div>
  );
}
