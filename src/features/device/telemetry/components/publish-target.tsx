import { useId } from 'react';

import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

const FAMILIES: readonly Family[] = ['v1', 'v2', 'v2j'];

export interface PublishTargetProps {
  family: Family;
  qos: 0 | 1;
  onChange: (patch: { family?: Family; qos?: 0 | 1 }) => void;
  disabled?: boolean;
  /** Prefix of the control names, e.g. "Generator" gives "Generator topic". */
  name?: string;
}

/** Telemetry topic (v1 or v2 short topics) and QoS. */
export function PublishTarget({
  family,
  qos,
  onChange,
  disabled = false,
  name = '',
}: PublishTargetProps) {
  const id = useId();
  const prefix = name === '' ? '' : `${name} `;
  return (
    <div className="inline-fields">
      <div className="field">
        <label htmlFor={`${id}-topic`}>{prefix === '' ? 'Topic' : `${prefix}topic`}</label>
        <select
          id={`${id}-topic`}
          value={family}
          disabled={disabled}
          onChange={(event) => {
            onChange({ family: event.target.value as Family });
          }}
        >
          {FAMILIES.map((f) => (
            <option key={f} value={f}>
              {outboundTopic.telemetry(f)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-qos`}>{prefix === '' ? 'QoS' : `${prefix}QoS`}</label>
        <select
          id={`${id}-qos`}
          value={qos}
          disabled={disabled}
          onChange={(event) => {
            onChange({ qos: event.target.value === '1' ? 1 : 0 });
          }}
        >
          <option value={0}>0 — at most once</option>
          <option value={1}>1 — at least once (PUBACK)</option>
        </select>
      </div>
    </div>
  );
}
