import { useQuery } from '@tanstack/react-query';
import { memo, useId } from 'react';

import { useSessionStatus } from '@/lib/session-context.tsx';

import { attributeKeys } from '../api/attribute-keys.ts';
import type { SharedValues } from '../api/attribute-keys.ts';
import { useFetchSharedOnConnect } from '../api/use-fetch-shared-on-connect.ts';
import { SHARED_PUSH_TOPIC } from '../api/use-shared-attribute-pushes.ts';
import { useSharedHistory, type SharedHistoryEntry } from '../stores/shared-history-store.ts';

import { AttributeTable, formatValue } from './attribute-table.tsx';

function subscriptionText(granted: number | null | undefined): string {
  if (granted === undefined) return 'Not subscribed (connect first).';
  if (granted === null) return `Subscribing to ${SHARED_PUSH_TOPIC}…`;
  if (granted >= 0x80) return `The broker refused the subscription to ${SHARED_PUSH_TOPIC}.`;
  return `Subscribed to ${SHARED_PUSH_TOPIC} (QoS ${String(granted)}).`;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** One push in the history; entries never change, so each is rendered once. */
const HistoryItem = memo(function HistoryItem({ entry }: { entry: SharedHistoryEntry }) {
  return (
    <li className={`history__item history__item--${entry.kind}`}>
      <time dateTime={new Date(entry.time).toISOString()}>{timeOfDay.format(entry.time)}</time>{' '}
      {entry.kind === 'deleted' ? (
        <span>Deleted {entry.keys.join(', ')}</span>
      ) : (
        <span>
          Updated{' '}
          {Object.entries(entry.values)
            .map(([key, value]) => `${key} = ${formatValue(value)}`)
            .join(', ')}
        </span>
      )}
    </li>
  );
});

/** Shared attributes as pushed live (spec §6.3): current values and the history of updates and deletions. */
export function SharedAttributesLive() {
  const id = useId();
  const granted = useSessionStatus((s) => s.subscriptions[SHARED_PUSH_TOPIC]?.granted);
  // Written by pushes and responses through setQueryData; never fetched.
  const { data: values = {} } = useQuery<SharedValues>({
    queryKey: attributeKeys.shared(),
    queryFn: () => ({}),
    enabled: false,
  });
  const history = useSharedHistory((s) => s.entries);
  const clear = useSharedHistory((s) => s.clear);
  const fetchOnConnect = useFetchSharedOnConnect((s) => s.enabled);
  const setFetchOnConnect = useFetchSharedOnConnect((s) => s.setEnabled);
  const plain = Object.fromEntries(Object.entries(values).map(([key, v]) => [key, v.value]));

  return (
    <section className="card panel-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Shared attributes (live)</h3>
      <p className="hint">{subscriptionText(granted)}</p>
      <label className="choice">
        <input
          type="checkbox"
          checked={fetchOnConnect}
          onChange={(event) => {
            setFetchOnConnect(event.target.checked);
          }}
        />
        Fetch the current values on connect (an attribute request), then follow the pushes
      </label>
      <AttributeTable
        caption="Current shared attributes"
        values={plain}
        extra={{
          header: 'Seen',
          cell: (key) => {
            const v = values[key];
            return v === undefined
              ? ''
              : `${new Date(v.seenAt).toLocaleTimeString()} (${v.source})`;
          },
        }}
      />
      <div className="button-row">
        <h4 id={`${id}-history`}>History</h4>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={clear}
          disabled={history.length === 0}
        >
          Clear history
        </button>
      </div>
      <ol className="history" aria-labelledby={`${id}-history`}>
        {history.length === 0 && (
          <li className="hint">
            No pushes yet. Set a shared attribute on the platform to see it here.
          </li>
        )}
        {history.map((entry) => (
          <HistoryItem key={entry.id} entry={entry} />
        ))}
      </ol>
    </section>
  );
}
