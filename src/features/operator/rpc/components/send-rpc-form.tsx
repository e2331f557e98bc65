import { useId, useState } from 'react';

import { formText } from '@/lib/form-text.ts';
import { readJsonInput } from '@/lib/json-input.ts';

import { useSendRpc } from '../api/use-rpc-mutations.ts';

type Mode = 'two-way' | 'one-way' | 'persistent';
/** A persistent RPC waits for an offline device this long unless told otherwise: one day. */
const DEFAULT_EXPIRY_HOURS = 24;
const HOUR_MS = 3_600_000;
const MODES: { mode: Mode; label: string }[] = [
  { mode: 'two-way', label: 'Two-way' },
  { mode: 'one-way', label: 'One-way' },
  { mode: 'persistent', label: 'Persistent' },
];

/** Sends a server-side RPC to the device (spec §7) and shows the reply, delivery or stored RPC. */
export function SendRpcForm({ deviceId }: { deviceId: string }) {
  const id = useId();
  const send = useSendRpc();
  const [mode, setMode] = useState<Mode>('two-way');
  const [paramsText, setParamsText] = useState('{}');
  const parsed = readJsonInput(paramsText);
  const params = parsed.ok && !parsed.empty ? parsed.value : {};

  return (
    <form
      aria-label="Send an RPC"
      className="pk-card"
      onSubmit={(event) => {
        event.preventDefault();
        if (!parsed.ok) return;
        const form = new FormData(event.currentTarget);
        const persistent = mode === 'persistent';
        // A persistent RPC expires at its own time (expirationTime), not after the reply timeout.
        const wait = persistent
          ? {
              expirationTime: Date.now() + Math.round(Number(form.get('expiresHours')) * HOUR_MS),
            }
          : { timeout: Number(form.get('timeout')) };
        send.mutate({
          deviceId,
          method: formText(form, 'method'),
          params,
          ...wait,
          oneway: mode === 'one-way',
          persistent,
        });
      }}
    >
      <h3>Send an RPC</h3>
      <fieldset className="field field--choice">
        <legend>RPC kind</legend>
        {MODES.map((m) => (
          <label key={m.mode} className="choice">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === m.mode}
              onChange={() => {
                setMode(m.mode);
              }}
            />{' '}
            {m.label}
          </label>
        ))}
      </fieldset>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-method`}>RPC method</label>
          <input id={`${id}-method`} name="method" required autoComplete="off" />
        </div>
        {mode === 'persistent' ? (
          <div key="expires" className="field field--narrow">
            <label htmlFor={`${id}-expires`}>Expires after (hours)</label>
            <input
              id={`${id}-expires`}
              name="expiresHours"
              type="number"
              min={0.01}
              step="any"
              defaultValue={DEFAULT_EXPIRY_HOURS}
              aria-describedby={`${id}-expires-hint`}
              required
            />
          </div>
        ) : (
          <div key="timeout" className="field field--narrow">
            <label htmlFor={`${id}-timeout`}>Timeout (ms)</label>
            <input
              id={`${id}-timeout`}
              name="timeout"
              type="number"
              min={1}
              step={1}
              defaultValue={10000}
              required
            />
          </div>
        )}
      </div>
      {mode === 'persistent' && (
        <p id={`${id}-expires-hint`} className="hint">
          A persistent RPC is stored and waits for the device: it is delivered when the device is
          online, even if it is offline now. If it has not been delivered and answered by then, it
          expires and is never sent. One day unless you choose otherwise.
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-params`}>RPC params (JSON)</label>
        <textarea
          id={`${id}-params`}
          className="code-input"
          rows={3}
          value={paramsText}
          aria-invalid={!parsed.ok}
          onChange={(e) => {
            setParamsText(e.target.value);
          }}
        />
        {!parsed.ok && <p className="field-error">{parsed.message}</p>}
      </div>
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={send.isPending || !parsed.ok}>
          Send RPC
        </button>
        {send.isPending && <span className="pk-muted">Waiting for the device…</span>}
      </div>
      <div role="status" aria-label="RPC result">
        {send.data?.kind === 'reply' && (
          <pre className="pk-code" tabIndex={0}>
            Reply: {JSON.stringify(send.data.response)}
          </pre>
        )}
        {send.data?.kind === 'delivered' && <p className="pk-note">Delivered (one-way).</p>}
        {send.data?.kind === 'persistent' && (
          <p className="pk-note">
            Stored as {send.data.rpcId}: {send.data.status}
          </p>
        )}
        {send.error && <p className="text-danger">{send.error.message}</p>}
      </div>
    </form>
  );
}
