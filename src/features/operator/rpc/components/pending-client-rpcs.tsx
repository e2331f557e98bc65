import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { readJsonInput } from '@/lib/json-input.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { PendingClientRpcDto } from '@protocol/operator-dto.ts';

import { pendingQueryOptions } from '../api/rpc-queries.ts';
import { useReplyClientRpc } from '../api/use-rpc-mutations.ts';

function PendingRow({ rpc }: { rpc: PendingClientRpcDto }) {
  const id = useId();
  const reply = useReplyClientRpc();
  const [text, setText] = useState('{}');
  const parsed = readJsonInput(text);
  return (
    <li aria-label={`Request ${rpc.method} from ${rpc.deviceName}`}>
      <div>
        <strong>{rpc.method}</strong> from {rpc.deviceName} (#{rpc.requestId}){' '}
        <code>{JSON.stringify(rpc.params)}</code>
      </div>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-r`}>Reply to {rpc.method}</label>
          <input
            id={`${id}-r`}
            className="mono"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </div>
        <button
          type="button"
          className="button"
          disabled={!parsed.ok || reply.isPending}
          onClick={() => {
            reply.mutate({
              id: rpc.id,
              response: parsed.ok && !parsed.empty ? parsed.value : null,
            });
          }}
        >
          Reply
        </button>
      </div>
      {reply.error && (
        <p className="text-danger" role="alert">
          {reply.error.message}
        </p>
      )}
    </li>
  );
}

/** Device → server requests waiting for the operator, answered live (spec §8). */
export function PendingClientRpcs({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const pending = useQuery(pendingQueryOptions(client));
  const rows = (pending.data ?? []).filter((r) => r.deviceId === deviceId);
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Device → server requests</h3>
      {rows.length === 0 && <p className="pk-muted">No request is waiting.</p>}
      <ul className="op-rpc-list" aria-labelledby={`${id}-h`}>
        {rows.map((r) => (
          <PendingRow key={r.id} rpc={r} />
        ))}
      </ul>
    </section>
  );
}
