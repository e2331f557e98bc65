import { ScrollRegion } from '@/components/ui/scroll-region.tsx';

import { useRpcInboxStore } from '../stores/rpc-inbox-store.ts';

import { RpcStatusBadge } from './rpc-status-badge.tsx';

const time = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hour12: false,
  });

/** The server-side requests received, newest first, each with a button to answer it. */
export function RpcInbox() {
  const entries = useRpcInboxStore((s) => s.entries);
  const selectedKey = useRpcInboxStore((s) => s.selectedKey);
  const select = useRpcInboxStore((s) => s.select);
  const clear = useRpcInboxStore((s) => s.clear);

  if (entries.length === 0) {
    return (
      <p className="pk-muted">
        No requests yet. When the platform sends an RPC to this device, it appears here with its id,
        method and params.
      </p>
    );
  }
  return (
    <>
      <ScrollRegion className="pk-table-wrap" label="Server-side RPC requests">
        <table className="pk-table" aria-label="Server-side RPC requests">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Method</th>
              <th scope="col">Params</th>
              <th scope="col">Received</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.key} data-selected={entry.key === selectedKey}>
                <td>{entry.requestId}</td>
                <td>{entry.method}</td>
                <td className="pk-code-cell" title={entry.paramsJson ?? ''}>
                  {entry.paramsJson ?? '—'}
                </td>
                <td>{time(entry.receivedAt)}</td>
                <td>
                  <RpcStatusBadge status={entry.status} />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary pk-small-button"
                    aria-label={`Open request ${entry.requestId} (${entry.method})`}
                    aria-pressed={entry.key === selectedKey}
                    onClick={() => {
                      select(entry.key);
                    }}
                  >
                    {entry.status === 'pending' ? 'Reply' : 'Open'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <div className="pk-buttons">
        <button type="button" className="button button--secondary pk-small-button" onClick={clear}>
          Clear inbox
        </button>
      </div>
    </>
  );
}
