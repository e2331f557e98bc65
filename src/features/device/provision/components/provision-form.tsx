import { useId } from 'react';

import type { ProvisionCredentialsType } from '@/protocol/codecs/provision.ts';
import { DEVICE_TOPICS } from '@/protocol/topics.ts';

import type { ProvisionForm as Form } from '../api/provision-request.ts';

const TYPES: readonly { value: ProvisionCredentialsType; label: string }[] = [
  { value: 'ACCESS_TOKEN', label: 'Token' },
  { value: 'MQTT_BASIC', label: 'MQTT basic' },
  { value: 'X509_CERTIFICATE', label: 'X.509 certificate' },
];

const TOPICS = ['provision', 'provisionRequest'] as const;

function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  type?: 'text' | 'password';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        value={props.value}
        onChange={(e) => {
          props.onChange(e.target.value);
        }}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The provisioning request's fields (spec §10); only the chosen credential type's fields are sent. */
export function ProvisionFormFields({
  form,
  onChange,
}: {
  form: Form;
  onChange: (patch: Partial<Form>) => void;
}) {
  const id = useId();
  const text = (name: keyof Form) => (value: string) => {
    onChange({ [name]: value });
  };
  return (
    <>
      <TextField
        label="Device name"
        value={form.deviceName}
        onChange={text('deviceName')}
        hint="Optional: without one the platform picks a random name."
      />
      <div className="pk-row">
        <TextField
          label="Provision key"
          value={form.provisionDeviceKey}
          onChange={text('provisionDeviceKey')}
        />
        <TextField
          label="Provision secret"
          value={form.provisionDeviceSecret}
          onChange={text('provisionDeviceSecret')}
        />
      </div>
      <p className="hint">
        Key and secret come from the device profile&apos;s provisioning settings.
      </p>
      <fieldset className="field">
        <legend>Credential type</legend>
        <div className="pk-choice-row">
          {TYPES.map((type) => (
            <label key={type.value}>
              <input
                type="radio"
                name={`${id}-type`}
                checked={form.credentialsType === type.value}
                onChange={() => {
                  onChange({ credentialsType: type.value });
                }}
              />
              {type.label}
            </label>
          ))}
        </div>
      </fieldset>
      {form.credentialsType === 'ACCESS_TOKEN' && (
        <TextField
          label="Token (optional)"
          value={form.token}
          onChange={text('token')}
          hint="Empty: the platform generates one."
        />
      )}
      {form.credentialsType === 'MQTT_BASIC' && (
        <div className="pk-row">
          <TextField label="Client id" value={form.clientId} onChange={text('clientId')} />
          <TextField label="Username" value={form.username} onChange={text('username')} />
          <TextField
            label="Password"
            type="password"
            value={form.password}
            onChange={text('password')}
          />
        </div>
      )}
      {form.credentialsType === 'X509_CERTIFICATE' && (
        <div className="field">
          <label htmlFor={`${id}-cert`}>Certificate (PEM)</label>
          <textarea
            id={`${id}-cert`}
            className="code-input"
            rows={4}
            spellCheck={false}
            value={form.certificate}
            onChange={(e) => {
              onChange({ certificate: e.target.value });
            }}
          />
        </div>
      )}
      <div className="pk-choice-row">
        <label>
          <input
            type="checkbox"
            checked={form.gateway}
            onChange={(e) => {
              onChange({ gateway: e.target.checked });
            }}
          />
          Provision as a gateway
        </label>
      </div>
      <fieldset className="field">
        <legend>Request topic</legend>
        <div className="pk-choice-row">
          {TOPICS.map((topic) => (
            <label key={topic}>
              <input
                type="radio"
                name={`${id}-topic`}
                checked={form.topic === topic}
                onChange={() => {
                  onChange({ topic });
                }}
              />
              <code>{DEVICE_TOPICS[topic]}</code>
            </label>
          ))}
        </div>
      </fieldset>
    </>
  );
}
