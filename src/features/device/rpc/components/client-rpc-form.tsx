import { useId, useState } from 'react';

import { JsonField } from '@/components/ui/json-field.tsx';
import { errorMessage } from '@/lib/error-message.ts';
import { prettyJson, readJsonInput } from '@/lib/json-input.ts';
import { useSessionStatus } from '@/lib/session-context.tsx';
import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import { CLIENT_RPC_PRESETS } from '../api/client-rpc.ts';
import { useClientRpc } from '../api/use-client-rpc.ts';

/** Device → platform RPC (spec §8): method, params, a timeout, and the reply or `{"error":"timeout"}`. */
export function ClientRpcForm({ family }: { family: Family }) {
  const id = useId();
  const connected = useSessionStatus((s) => s.status === 'connected');
  const [method, setMethod] = useState('getTime');
  const [params, setParams] = useState('{}');
  const [timeoutMs, setTimeoutMs] = useState(10_000);
  const rpc = useClientRpc();
  const input = readJsonInput(params);
  const ready = connected && method.trim() !== '' && input.ok && timeoutMs > 0 && !rpc.isPending;
  const send = () => {
    if (!ready) return;
    const paramsJson = input.empty ? null : input.json;
    rpc.mutate({ family, method: method.trim(), paramsJson, timeoutMs });
  };

  return (
    <form
      className="pk-panel"
      aria-label="Client-side RPC"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="pk-buttons" role="group" aria-label="Presets">
        {CLIENT_RPC_PRESETS.map((preset) => (
          <button
            key={preset.method}
            type="button"
            className="button button--secondary pk-small-button"
            aria-label={`Preset ${preset.method}`}
            onClick={() => {
              setMethod(preset.method);
              setParams(preset.paramsJson);
            }}
          >
            {preset.method}
          </button>
        ))}
      </div>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-method`}>Client RPC method</label>
          <input
            id={`${id}-method`}
            type="text"
            required
            autoComplete="off"
            spellCheck={false}
            value={method}
            onChange={(e) => {
              setMethod(e.target.value);
            }}
          />
        </div>
        <div className="field" style={{ flex: '0 1 8rem' }}>
          <label htmlFor={`${id}-timeout`}>Timeout (ms)</label>
          <input
            id={`${id}-timeout`}
            type="number"
            min={100}
            step={100}
            value={timeoutMs}
            onChange={(e) => {
              setTimeoutMs(Number(e.target.value));
            }}
          />
        </div>
      </div>
      <JsonField
        label="Client RPC params (JSON)"
        value={params}
        onChange={setParams}
        allowEmpty
        rows={2}
        hint="Leave empty to send no params."
        onSubmitShortcut={send}
      />
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={!ready}>
          {rpc.isPending ? 'Waiting for reply…' : 'Send request'}
        </button>
        <span className="pk-muted">
          to <code>{outboundTopic.rpcRequest(family, 0).replace(/0$/, '{id}')}</code>
        </span>
      </div>
      <section aria-label="Client RPC result" aria-live="polite" className="pk-panel">
        {rpc.isError && <p className="pk-note pk-note--error">{errorMessage(rpc.error)}</p>}
        {rpc.data && (
          <>
            <p className={rpc.data.timedOut ? 'pk-note pk-note--warn' : 'pk-note pk-note--ok'}>
              {rpc.data.timedOut
                ? `No reply to request ${rpc.data.requestId ?? '?'} (${rpc.data.method}) within ${Math.round(rpc.data.elapsedMs)} ms.`
                : `Reply to request ${rpc.data.requestId ?? '?'} (${rpc.data.method}) in ${Math.round(rpc.data.elapsedMs)} ms:`}
            </p>
            <pre className="pk-code" tabIndex={0} aria-label="Client RPC reply">
              {prettyJson(rpc.data.text)}
            </pre>
          </>
        )}
      </section>
    </form>
  );
}
