import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { formRaw, formText } from '@/lib/form-text.ts';
import { readJsonInput } from '@/lib/json-input.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { ClientRpcRuleDto } from '@protocol/operator-dto.ts';

import { rulesQueryOptions } from '../api/rpc-queries.ts';
import { useSetRules } from '../api/use-rpc-mutations.ts';

type ActionType = ClientRpcRuleDto['action']['type'];

const toParam = (r: ClientRpcRuleDto) => ({
  method: r.method,
  action: r.action,
  ...(r.deviceId === null ? {} : { deviceId: r.deviceId }),
  ...(r.delayMs === undefined ? {} : { delayMs: r.delayMs }),
});

const describe = (a: ClientRpcRuleDto['action']) =>
  a.type === 'static'
    ? `static ${JSON.stringify(a.value)}`
    : a.type === 'echo'
      ? 'echo'
      : `error "${a.message}"`;

/** Reply rules for device → server RPCs: method → static value, echo or error, optional delay. */
export function ReplyRulesEditor({ deviceId }: { deviceId: string }) {
  const client = useOperator();
  const id = useId();
  const rules = useQuery(rulesQueryOptions(client));
  const set = useSetRules();
  const [type, setType] = useState<ActionType>('static');
  const current = rules.data ?? [];

  const add = (form: FormData) => {
    const text = formRaw(form, 'value');
    const value = readJsonInput(text);
    const action: ClientRpcRuleDto['action'] =
      type === 'echo'
        ? { type }
        : type === 'error'
          ? { type, message: text }
          : { type, value: value.ok && !value.empty ? value.value : text };
    const delayMs = Number(form.get('delay') ?? 0);
    set.mutate([
      ...current.map(toParam),
      {
        method: formText(form, 'method'),
        action,
        ...(form.get('onlyThis') === 'on' ? { deviceId } : {}),
        ...(delayMs > 0 ? { delayMs } : {}),
      },
    ]);
  };

  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Reply rules</h3>
      <ul className="op-rpc-list" aria-label="Reply rules">
        {current.length === 0 && <li className="pk-muted">No rules: requests wait for a reply.</li>}
        {current.map((r, i) => (
          <li key={i}>
            <code>{r.method}</code> → {describe(r.action)}
            {r.deviceId === null
              ? ' (all devices)'
              : r.deviceId === deviceId
                ? ' (this device)'
                : ' (another device)'}
            {r.delayMs ? ` after ${r.delayMs} ms` : ''}{' '}
            <button
              type="button"
              className="button button--secondary button--small"
              aria-label={`Remove rule ${r.method}`}
              onClick={() => {
                set.mutate(current.filter((_, j) => j !== i).map(toParam));
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <form
        aria-label="Add a reply rule"
        onSubmit={(event) => {
          event.preventDefault();
          add(new FormData(event.currentTarget));
        }}
      >
        <div className="pk-row">
          <div className="field">
            <label htmlFor={`${id}-m`}>Rule method</label>
            <input id={`${id}-m`} name="method" required autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-t`}>Rule action</label>
            <select
              id={`${id}-t`}
              value={type}
              onChange={(e) => {
                setType(e.target.value as ActionType);
              }}
            >
              <option value="static">Static value</option>
              <option value="echo">Echo params</option>
              <option value="error">Error</option>
            </select>
          </div>
          {type !== 'echo' && (
            <div className="field">
              <label htmlFor={`${id}-v`}>
                {type === 'error' ? 'Error message' : 'Reply value (JSON)'}
              </label>
              <input id={`${id}-v`} name="value" className="mono" required autoComplete="off" />
            </div>
          )}
          <div className="field field--narrow">
            <label htmlFor={`${id}-d`}>Delay (ms)</label>
            <input id={`${id}-d`} name="delay" type="number" min={0} step={1} defaultValue={0} />
          </div>
        </div>
        <div className="pk-buttons">
          <label className="op-check">
            <input type="checkbox" name="onlyThis" /> Only this device
          </label>
          <button type="submit" className="button" disabled={set.isPending}>
            Add rule
          </button>
        </div>
        {set.error && (
          <p className="text-danger" role="alert">
            {set.error.message}
          </p>
        )}
      </form>
    </section>
  );
}
