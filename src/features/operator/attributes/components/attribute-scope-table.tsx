import { useQuery } from '@tanstack/react-query';

import { ScrollRegion } from '@/components/ui/scroll-region.tsx';
import { useOperator } from '@/lib/operator-context.tsx';
import type { Scope } from '@protocol/operator-dto.ts';

import { attributesQueryOptions } from '../api/get-attributes.ts';
import { useDeleteAttributes } from '../api/use-attribute-mutations.ts';

const LABEL: Record<Scope, string> = { CLIENT: 'Client', SHARED: 'Shared', SERVER: 'Server' };

/** The attributes of one scope; shared and server rows can be deleted. */
export function AttributeScopeTable({ deviceId, scope }: { deviceId: string; scope: Scope }) {
  const client = useOperator();
  const rows = useQuery(attributesQueryOptions(client, deviceId, scope));
  const remove = useDeleteAttributes(deviceId, scope);
  const editable = scope !== 'CLIENT';
  if (rows.error)
    return (
      <p className="text-danger" role="alert">
        {rows.error.message}
      </p>
    );
  return (
    <ScrollRegion className="table-scroll" label={`${LABEL[scope]} attributes`}>
      <table className="data-table">
        <caption>{LABEL[scope]} attributes</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
            <th scope="col">Updated</th>
            {editable && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.data?.length === 0 && (
            <tr>
              <td colSpan={editable ? 4 : 3} className="pk-muted">
                None.
              </td>
            </tr>
          )}
          {rows.data?.map((a) => (
            <tr key={a.key}>
              <th scope="row">{a.key}</th>
              <td className="mono">{JSON.stringify(a.value)}</td>
              <td>{new Date(a.lastUpdateTs).toLocaleTimeString()}</td>
              {editable && (
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Delete ${LABEL[scope].toLowerCase()} attribute ${a.key}`}
                    disabled={remove.isPending}
                    onClick={() => {
                      remove.mutate([a.key]);
                    }}
                  >
                    Delete
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
