import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useStore } from 'zustand';

import { useOperator } from '@/lib/operator-context.tsx';

import { rpcsQueryOptions } from '../api/rpc-queries.ts';
import { rpcTimelineFor } from '../stores/rpc-timeline-store.ts';

const time = (ts: number) => new Date(ts).toLocaleTimeString();

/** Persistent RPCs of the device with their state timeline (QUEUED → SENT → … → SUCCESSFUL). */
export function PersistentRpcs({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const rpcs = useQuery(rpcsQueryOptions(client, deviceId));
  const steps = useStore(rpcTimelineFor(client), (s) => s.steps);
  const items = rpcs.data?.items ?? [];
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Persistent RPCs</h3>
      {items.length === 0 && <p className="pk-muted">None yet.</p>}
      <ol className="op-rpc-list" aria-labelledby={`${id}-h`}>
        {items
          .slice()
          .reverse()
          .map((rpc) => (
            <li key={rpc.rpcId} aria-label={`Persistent RPC ${rpc.method}`}>
              <div>
                <strong>{rpc.method}</strong> <span className="op-status">{rpc.status}</span>{' '}
                <span className="pk-muted">
                  {time(rpc.createdAt)}, attempts {rpc.attempts}/{rpc.retries + 1}
                </span>
              </div>
              <ol className="op-steps" aria-label="State timeline">
                {(steps[rpc.rpcId] ?? [{ status: rpc.status, at: rpc.updatedAt }]).map((s, i) => (
                  <li key={i}>
                    {s.status} <span className="pk-muted">{time(s.at)}</span>
                  </li>
                ))}
              </ol>
              {rpc.response !== null && (
                <pre className="pk-code" tabIndex={0}>
                  {JSON.stringify(rpc.response)}
                </pre>
              )}
            </li>
          ))}
      </ol>
    </section>
  );
}
