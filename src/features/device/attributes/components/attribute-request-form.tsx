import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useSession } from '@/lib/session-context.tsx';
import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import type { AttributeRequestParams } from '../api/attribute-keys.ts';
import { attributeRequestQuery } from '../api/request-attributes.ts';
import { mergeSharedValues } from '../api/shared-values.ts';

import { AttributeTable } from './attribute-table.tsx';

const MODES: readonly { value: AttributeRequestParams['mode']; label: string }[] = [
  { value: 'all', label: 'All attributes' },
  { value: 'client', label: 'Client keys only' },
  { value: 'shared', label: 'Shared keys only' },
  { value: 'both', label: 'Client and shared keys' },
];

/** Attribute request (spec §6.2) by request id, with the response it got. */
export function AttributeRequestForm() {
  const id = useId();
  const session = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useState<AttributeRequestParams>({
    mode: 'all',
    clientKeys: 'attribute1,attribute2',
    sharedKeys: 'targetTemp',
    family: 'v1',
  });
  const query = useQuery(attributeRequestQuery(session, params));
  const set = (patch: Partial<AttributeRequestParams>) => {
    setParams((current) => ({ ...current, ...patch }));
  };
  const shared = query.data?.shared;
  useEffect(() => {
    if (shared !== undefined) mergeSharedValues(queryClient, shared, 'response');
  }, [queryClient, shared]);

  return (
    <section className="card panel-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Request attributes</h3>
      <fieldset className="field field--choice">
        <legend>What to request</legend>
        {MODES.map((mode) => (
          <label key={mode.value} className="choice">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={params.mode === mode.value}
              onChange={() => {
                set({ mode: mode.value });
              }}
            />
            {mode.label}
          </label>
        ))}
      </fieldset>
      <div className="inline-fields">
        {(params.mode === 'client' || params.mode === 'both') && (
          <div className="field">
            <label htmlFor={`${id}-client`}>Client keys</label>
            <input
              id={`${id}-client`}
              type="text"
              value={params.clientKeys}
              onChange={(e) => {
                set({ clientKeys: e.target.value });
              }}
            />
          </div>
        )}
        {(params.mode === 'shared' || params.mode === 'both') && (
          <div className="field">
            <label htmlFor={`${id}-shared`}>Shared keys</label>
            <input
              id={`${id}-shared`}
              type="text"
              value={params.sharedKeys}
              onChange={(e) => {
                set({ sharedKeys: e.target.value });
              }}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-family`}>Request topic</label>
          <select
            id={`${id}-family`}
            value={params.family}
            onChange={(e) => {
              set({ family: e.target.value as Family });
            }}
          >
            {(['v1', 'v2', 'v2j'] as const).map((f) => (
              <option key={f} value={f}>
                {outboundTopic.attributesRequest(f, 0).replace(/0$/, '{id}')}
              </option>
            ))}
          </select>
        </div>
      </div>
      {params.mode !== 'all' && (
        <p className="hint">
          Keys are split on commas and not trimmed: "a, b" asks for "a" and " b".
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={query.isFetching}
          onClick={() => {
            void query.refetch();
          }}
        >
          Request attributes
        </button>
      </div>
      <div role="status" aria-label="Attribute response" className="request-result">
        {query.isFetching && <p>Waiting for the response…</p>}
        {query.isError && !query.isFetching && (
          <p className="text-danger">{errorMessage(query.error)}</p>
        )}
        {query.data !== undefined && !query.isFetching && (
          <>
            <p>
              Request {query.data.requestId} answered on{' '}
              <code className="mono">{query.data.responseTopic}</code> after{' '}
              {query.data.latencyMs.toFixed(1)} ms. Sent{' '}
              <code className="mono">{query.data.payload}</code>.
            </p>
            {query.data.client !== undefined && (
              <AttributeTable
                caption="Client attributes in the response"
                values={query.data.client}
              />
            )}
            {query.data.shared !== undefined && (
              <AttributeTable
                caption="Shared attributes in the response"
                values={query.data.shared}
              />
            )}
            {query.data.client === undefined && query.data.shared === undefined && (
              <p className="hint">
                The response is {'{}'}: none of the requested attributes exist.
              </p>
            )}
            <pre className="code-block" tabIndex={0}>
              {query.data.raw}
            </pre>
          </>
        )}
      </div>
    </section>
  );
}
