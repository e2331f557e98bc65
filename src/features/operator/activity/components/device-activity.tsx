import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useOperator } from '@/lib/operator-context.tsx';

import { eventsQueryOptions, sessionsQueryOptions } from '../api/get-activity.ts';

const time = (ts: number) => new Date(ts).toLocaleTimeString();

/** Sessions and events of one device: who is connected, and every refused or dropped packet with why. */
export function DeviceActivity({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const sessions = useQuery(sessionsQueryOptions(client, deviceId));
  const events = useQuery(eventsQueryOptions(client, deviceId));
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Sessions and events</h3>
      <ScrollRegion className="table-scroll" label="Open sessions">
        <table className="data-table">
          <caption>Open sessions</caption>
          <thead>
            <tr>
              <th scope="col">Client id</th>
              <th scope="col">Protocol</th>
              <th scope="col">Since</th>
              <th scope="col">Subscriptions</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data?.length === 0 && (
              <tr>
                <td colSpan={4} className="pk-muted">
                  No open session.
                </td>
              </tr>
            )}
            {sessions.data?.map((s) => (
              <tr key={s.sessionId}>
                <th scope="row" className="mono">
                  {s.clientId}
                </th>
                <td>
                  {s.protocol} over {s.transport}
                </td>
                <td>{time(s.connectedAt)}</td>
                <td className="mono">{s.subscriptions.map((f) => f.filter).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <ScrollRegion className="op-table-wrap op-table-wrap--short" label="Events">
        <table className="data-table">
          <caption>Events</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Kind</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.data?.map((e) => (
              <tr
                key={e.id}
                className={e.kind.startsWith('session') ? undefined : 'op-row--refused'}
              >
                <td>{time(e.ts)}</td>
                <th scope="row">{e.kind}</th>
                <td>
                  {e.message}
                  {e.topic !== null && <div className="mono pk-muted">{e.topic}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {(sessions.error ?? events.error) && (
        <p className="text-danger" role="alert">
          {(sessions.error ?? events.error)?.message}
        </p>
      )}
    </section>
  );
}
