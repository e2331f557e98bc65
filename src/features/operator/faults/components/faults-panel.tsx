import { useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useFreshWhenShown } from '@/lib/use-fresh-when-shown.ts';
import { describeAction } from '@protocol/faults.ts';

import { faultsQueryOptions } from '../api/get-faults.ts';
import { useClearFaults, useRemoveFault } from '../api/use-fault-mutations.ts';

import { FaultForm } from './fault-form.tsx';

import '@/components/ui/panel-kit.css';

const SHOWN_KEYS = [operatorKeys.deviceChoices(''), operatorKeys.faults()];

/**
 * Fault injection (ADR 0011): rules that make the broker misbehave on purpose, for a demo or a test;
 * add them, watch them fire (the list refreshes as they do), remove them.
 */
export function FaultsPanel() {
  const client = useOperator();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const shown = useFreshWhenShown(root, SHOWN_KEYS);
  const faults = useQuery(faultsQueryOptions(client, shown));
  const remove = useRemoveFault();
  const clear = useClearFaults();
  const rules = faults.data ?? [];
  const error = faults.error ?? remove.error ?? clear.error;

  return (
    <div className="pk-panel" ref={root}>
      <FaultForm shown={shown} />
      <section className="pk-card" aria-labelledby={`${id}-h`}>
        <h3 id={`${id}-h`}>Active faults</h3>
        <div className="pk-buttons">
          <p className="pk-muted" aria-live="polite">
            {faults.isPending
              ? 'Loading…'
              : rules.length === 0
                ? 'No fault is active: the broker behaves.'
                : `${String(rules.length)} active`}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={rules.length === 0 || clear.isPending}
            onClick={() => {
              clear.mutate();
            }}
          >
            Remove all faults
          </button>
        </div>
        {error && (
          <p className="text-danger" role="alert">
            Could not read or change the faults: {errorMessage(error)}
          </p>
        )}
        {rules.length > 0 && (
          <table className="data-table" aria-label="Active faults">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">What</th>
                <th scope="col">Device</th>
                <th scope="col">Left</th>
                <th scope="col">Fired</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id}>
                  <th scope="row" className="mono">
                    {r.id}
                  </th>
                  <td>{describeAction(r)}</td>
                  <td>{r.device ?? 'every device'}</td>
                  <td>{r.remaining === null ? 'until removed' : String(r.remaining)}</td>
                  <td>{String(r.fired)}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={`Remove ${r.id}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        remove.mutate(r.id);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
