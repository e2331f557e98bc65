import { useId } from 'react';

import { JsonField } from '@/components/ui/json-field.tsx';

import { RULE_ACTION_LABELS, ruleProblem } from '../api/rpc-rules.ts';
import type { RpcRule, RuleAction } from '../api/rpc-rules.ts';
import { useRpcRulesStore } from '../stores/rpc-rules-store.ts';

const ACTIONS = Object.keys(RULE_ACTION_LABELS) as RuleAction[];

function RuleFields({ rule, index }: { rule: RpcRule; index: number }) {
  const id = useId();
  const update = useRpcRulesStore((s) => s.updateRule);
  const remove = useRpcRulesStore((s) => s.removeRule);
  const problem = ruleProblem(rule);
  const name = `Rule ${index + 1}`;

  return (
    <fieldset className="pk-card" aria-label={name}>
      <legend className="visually-hidden">{name}</legend>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-method`}>Method</label>
          <input
            id={`${id}-method`}
            type="text"
            placeholder="e.g. setGpio, get*, *"
            autoComplete="off"
            spellCheck={false}
            value={rule.method}
            onChange={(e) => {
              update(rule.id, { method: e.target.value });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>Action</label>
          <select
            id={`${id}-action`}
            value={rule.action}
            onChange={(e) => {
              update(rule.id, { action: e.target.value as RuleAction });
            }}
          >
            {ACTIONS.map((action) => (
              <option key={action} value={action}>
                {RULE_ACTION_LABELS[action]}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '0 1 7rem' }}>
          <label htmlFor={`${id}-delay`}>Delay (ms)</label>
          <input
            id={`${id}-delay`}
            type="number"
            min={0}
            step={100}
            disabled={rule.action === 'ignore'}
            value={rule.delayMs}
            onChange={(e) => {
              update(rule.id, { delayMs: Math.max(0, Number(e.target.value) || 0) });
            }}
          />
        </div>
      </div>
      {rule.action === 'static' && (
        <JsonField
          label="Static reply (JSON)"
          value={rule.replyJson}
          rows={2}
          onChange={(replyJson) => {
            update(rule.id, { replyJson });
          }}
        />
      )}
      {problem && rule.action !== 'static' && <p className="field-error">{problem}</p>}
      <div className="pk-buttons">
        <label className="choice">
          <input
            type="checkbox"
            checked={rule.enabled}
            onChange={(e) => {
              update(rule.id, { enabled: e.target.checked });
            }}
          />{' '}
          Enabled
        </label>
        <button
          type="button"
          className="button button--secondary pk-small-button"
          onClick={() => {
            remove(rule.id);
          }}
        >
          Remove {name.toLowerCase()}
        </button>
      </div>
    </fieldset>
  );
}

/** Auto-responder rules: applied in order to every incoming request; kept in this browser. */
export function RpcRulesEditor() {
  const rules = useRpcRulesStore((s) => s.rules);
  const addRule = useRpcRulesStore((s) => s.addRule);

  return (
    <>
      <p className="pk-muted">
        The first enabled rule whose method matches answers a request at once (or after its delay),
        without a click. <code>*</code> matches any text. Rules are saved in this browser.
      </p>
      {rules.map((rule, index) => (
        <RuleFields key={rule.id} rule={rule} index={index} />
      ))}
      <div className="pk-buttons">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            addRule();
          }}
        >
          Add rule
        </button>
      </div>
    </>
  );
}
