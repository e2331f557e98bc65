import { useId, useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { describeNoPuback, useWaitingTooLong } from '@/lib/use-waiting-too-long.ts';
import { outboundTopic } from '@/protocol/topics.ts';

import { buildClientAttributes } from '../api/build-client-attributes.ts';
import type { AttributeRow, AttributeValueType } from '../api/build-client-attributes.ts';
import { usePublishAttributes } from '../api/use-publish-attributes.ts';

const TYPES: readonly { value: AttributeValueType; label: string }[] = [
  { value: 'string', label: 'String' },
  { value: 'boolean', label: 'Boolean' },
  { value: 'number', label: 'Number' },
  { value: 'json', label: 'JSON' },
];

let nextRow = 1;
const newRow = (key = '', type: AttributeValueType = 'string', value = ''): AttributeRow => ({
  id: nextRow++,
  key,
  type,
  value,
});

/** Client attributes (spec §6.1): typed rows, previewed as the JSON that will be sent. */
export function ClientAttributesEditor() {
  const id = useId();
  const [rows, setRows] = useState<AttributeRow[]>(() => [
    newRow('attribute1', 'string', 'value1'),
    newRow('attribute2', 'boolean', 'true'),
  ]);
  const [qos, setQos] = useState<0 | 1>(1);
  const publish = usePublishAttributes();
  const late = useWaitingTooLong(publish.isPending);
  const built = buildClientAttributes(rows);
  const topic = outboundTopic.clientAttributes('v1');
  const change = (rowId: number, patch: Partial<AttributeRow>) => {
    setRows((current) => current.map((row) => (row.id === rowId ? { ...row, ...patch } : row)));
  };

  return (
    <section className="card panel-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Client attributes</h3>
      {rows.map((row, index) => {
        const n = String(index + 1);
        return (
          <div className="attr-row" key={row.id} role="group" aria-label={`Attribute ${n}`}>
            <input
              aria-label={`Key of attribute ${n}`}
              type="text"
              value={row.key}
              placeholder="key"
              onChange={(e) => {
                change(row.id, { key: e.target.value });
              }}
            />
            <select
              aria-label={`Type of attribute ${n}`}
              value={row.type}
              onChange={(e) => {
                const type = e.target.value as AttributeValueType;
                change(row.id, { type, value: type === 'boolean' ? 'true' : row.value });
              }}
            >
              {TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
            {row.type === 'boolean' ? (
              <select
                aria-label={`Value of attribute ${n}`}
                value={row.value}
                onChange={(e) => {
                  change(row.id, { value: e.target.value });
                }}
              >
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            ) : (
              <input
                aria-label={`Value of attribute ${n}`}
                type="text"
                className={row.type === 'json' ? 'mono' : undefined}
                value={row.value}
                onChange={(e) => {
                  change(row.id, { value: e.target.value });
                }}
              />
            )}
            <button
              type="button"
              className="button button--secondary icon-button"
              aria-label={`Remove attribute ${n}`}
              onClick={() => {
                setRows((current) => current.filter((r) => r.id !== row.id));
              }}
            >
              <span aria-hidden="true">✕</span>
            </button>
          </div>
        );
      })}
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            setRows((current) => [...current, newRow()]);
          }}
        >
          Add attribute
        </button>
        <label className="choice">
          <input
            type="checkbox"
            checked={qos === 1}
            onChange={(e) => {
              setQos(e.target.checked ? 1 : 0);
            }}
          />
          QoS 1 (wait for PUBACK)
        </label>
      </div>
      {built.ok ? (
        <p className="hint">
          Payload: <code className="mono">{built.json}</code>
        </p>
      ) : (
        <ul className="check check--error" aria-label="Problems">
          {built.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!built.ok || (publish.isPending && !late)}
          onClick={() => {
            if (built.ok) publish.mutate({ topic, payload: built.json, qos });
          }}
        >
          Publish attributes
        </button>
        <span className="hint mono">{topic}</span>
      </div>
      <p role="status" aria-label="Attributes result" className="publish-result">
        {publish.isPending && (late ? describeNoPuback() : 'Sending…')}
        {publish.isSuccess &&
          (publish.data.latencyMs === null
            ? 'Sent at QoS 0 (no acknowledgement).'
            : publish.data.reasonCode !== undefined && publish.data.reasonCode >= 0x80
              ? `PUBACK 0x${publish.data.reasonCode.toString(16).toUpperCase()}: refused, nothing stored.`
              : `PUBACK after ${publish.data.latencyMs.toFixed(1)} ms.`)}
        {publish.isError && <span className="text-danger">{errorMessage(publish.error)}</span>}
      </p>
    </section>
  );
}
