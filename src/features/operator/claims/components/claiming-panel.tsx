import { useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';

import { allDevicesQueryOptions } from '@/domain/operator/all-devices-query.ts';
import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useFreshWhenShown } from '@/lib/use-fresh-when-shown.ts';

import { customersQueryOptions } from '../api/get-customers.ts';

import { ClaimForm } from './claim-form.tsx';
import { CustomerDevices } from './customer-devices.tsx';

import '@/components/ui/panel-kit.css';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const SHOWN_KEYS = [
  operatorKeys.deviceList(''),
  operatorKeys.customers(),
  operatorKeys.claimRegistrations(),
];

/**
 * Claiming (operator, spec §9): claim a device for a customer with the secret it registered, see
 * which customer owns which device, reclaim. `claim` events refresh both lists (push bridge).
 */
export function ClaimingPanel() {
  const client = useOperator();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  // The tab stays mounted while hidden: ask once the user first opens it (afresh).
  const shown = useFreshWhenShown(root, SHOWN_KEYS);
  const devices = useQuery({ ...allDevicesQueryOptions(client), enabled: shown });
  const customers = useQuery(customersQueryOptions(client, shown));
  const page = devices.data;
  const error = devices.error ?? customers.error;

  return (
    <div className="pk-panel" ref={root}>
      <ClaimForm customers={customers.data ?? []} shown={shown} />
      <section className="pk-card" aria-labelledby={`${id}-h`}>
        <h3 id={`${id}-h`}>Customers and their devices</h3>
        <div className="pk-buttons">
          <p className="pk-muted" aria-live="polite">
            {customers.isPending ? 'Loading…' : plural(customers.data?.length ?? 0, 'customer')}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={customers.isFetching || devices.isFetching}
            onClick={() => {
              void customers.refetch();
              void devices.refetch();
            }}
          >
            Refresh customers
          </button>
        </div>
        {error && (
          <p className="text-danger" role="alert">
            Could not read the customers or devices: {errorMessage(error)}
          </p>
        )}
        <CustomerDevices customers={customers.data ?? []} devices={page?.items ?? []} />
      </section>
    </div>
  );
}
