import { useId } from 'react';
import type { ReactNode } from 'react';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';

/** What the card reads of a `useQuery` result. */
interface CardQuery {
  isFetching: boolean;
  isSuccess: boolean;
  error: Error | null;
  refetch: () => Promise<unknown>;
}

/**
 * A card with a heading, a Refresh button, the query's error in plain words, a note when there are
 * no rows, and a table (`children`) captioned with the heading.
 */
export function QueryTableCard(props: {
  title: string;
  refreshLabel: string;
  query: CardQuery;
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const { title, query } = props;
  const id = useId();
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <div className="pk-buttons">
        <h3 id={`${id}-h`}>{title}</h3>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={query.isFetching}
          onClick={() => void query.refetch()}
        >
          {props.refreshLabel}
        </button>
      </div>
      {query.error && (
        <p className="text-danger" role="alert">
          {query.error.message}
        </p>
      )}
      {query.isSuccess && props.empty && <p className="pk-muted">{props.emptyText}</p>}
      <ScrollRegion className="op-table-wrap" label={title}>
        {props.children}
      </ScrollRegion>
    </section>
  );
}
