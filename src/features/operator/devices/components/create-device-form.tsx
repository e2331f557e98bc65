import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { profilesQueryOptions } from '@/domain/operator/profiles-query.ts';
import { formText } from '@/lib/form-text.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OperatorParams } from '@protocol/operator-api.ts';

import { credentialsText } from '../api/credentials-text.ts';
import { useCreateDevice } from '../api/use-device-mutations.ts';

type CredentialChoice = 'generated' | 'token' | 'basic';

/** `devices.create`: name, credentials (generated token, given token, or basic), profile, gateway flag. */
export function CreateDeviceForm() {
  const client = useOperator();
  const id = useId();
  const profiles = useQuery(profilesQueryOptions(client));
  const create = useCreateDevice();
  const [choice, setChoice] = useState<CredentialChoice>('generated');

  const submit = (form: FormData) => {
    const text = (name: string) => formText(form, name);
    const params: OperatorParams<'devices.create'> = {
      name: text('name'),
      gateway: form.get('gateway') === 'on',
      ...(text('profile') === '' ? {} : { profile: text('profile') }),
    };
    if (choice === 'token') params.token = text('token');
    if (choice === 'basic') {
      params.credentials = {
        type: 'MQTT_BASIC',
        ...(text('clientId') === '' ? {} : { clientId: text('clientId') }),
        ...(text('userName') === '' ? {} : { userName: text('userName') }),
        ...(text('password') === '' ? {} : { password: text('password') }),
      };
    }
    create.mutate(params);
  };

  const field = (name: string, label: string, type = 'text', required = false) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input id={`${id}-${name}`} name={name} type={type} required={required} autoComplete="off" />
    </div>
  );

  return (
    <form
      className="pk-card"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        submit(new FormData(event.currentTarget));
      }}
    >
      <h3 id={`${id}-heading`}>Create a device</h3>
      {field('name', 'Device name', 'text', true)}
      <div className="field">
        <label htmlFor={`${id}-cred`}>Credentials</label>
        <select
          id={`${id}-cred`}
          value={choice}
          onChange={(e) => {
            setChoice(e.target.value as CredentialChoice);
          }}
        >
          <option value="generated">Generated access token</option>
          <option value="token">Given access token</option>
          <option value="basic">MQTT basic</option>
        </select>
      </div>
      {choice === 'token' && field('token', 'Access token to give', 'text', true)}
      {choice === 'basic' && (
        <div className="pk-row">
          {field('clientId', 'Client id')}
          {field('userName', 'User name')}
          {field('password', 'Password', 'password')}
        </div>
      )}
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-profile`}>Device profile</label>
          <select id={`${id}-profile`} name="profile" defaultValue="">
            <option value="">default</option>
            {profiles.data
              ?.filter((p) => !p.isDefault)
              .map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
          </select>
        </div>
        <label className="op-check">
          <input type="checkbox" name="gateway" /> Gateway
        </label>
      </div>
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={create.isPending}>
          Create device
        </button>
      </div>
      <div aria-live="polite">
        {create.data && (
          <p className="pk-note" role="status" aria-label="Created device">
            Created {create.data.device.name}; credentials:{' '}
            <code>{credentialsText(create.data.credentials)}</code>
          </p>
        )}
        {create.error && (
          <p className="text-danger" role="alert">
            {create.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
