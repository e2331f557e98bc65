import { useState } from 'react';

import type { CredentialKind } from '@/session/session-store.ts';

import { useConnectDraft } from '../stores/connect-draft-store.ts';

const KINDS: readonly { value: CredentialKind; label: string }[] = [
  { value: 'token', label: 'Token' },
  { value: 'basic', label: 'Basic MQTT' },
  { value: 'provision', label: 'Provision' },
];

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  secret?: boolean;
}) {
  const [shown, setShown] = useState(false);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className={props.secret === true ? 'field__with-button' : undefined}>
        <input
          id={props.id}
          type={props.secret === true && !shown ? 'password' : 'text'}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={props.hint === undefined ? undefined : `${props.id}-hint`}
          value={props.value}
          onChange={(event) => {
            props.onChange(event.target.value);
          }}
        />
        {props.secret === true && (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-pressed={shown}
            aria-label={`Show ${props.label.toLowerCase()}`}
            onClick={() => {
              setShown(!shown);
            }}
          >
            Show
          </button>
        )}
      </div>
      {props.hint !== undefined && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The credential kind (spec §1.2, §1.3, §1.5) and its fields. */
export function CredentialsFields({ id }: { id: string }) {
  const draft = useConnectDraft();
  return (
    <>
      <fieldset className="field field--choice">
        <legend>Credentials</legend>
        {KINDS.map((option) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={`${id}-kind`}
              value={option.value}
              checked={draft.kind === option.value}
              onChange={() => {
                draft.update({ kind: option.value });
              }}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {draft.kind === 'token' && (
        <TextField
          id={`${id}-token`}
          label="Access token"
          value={draft.token}
          onChange={(token) => {
            draft.update({ token });
          }}
          hint="Sent as the MQTT username, as a device does."
        />
      )}
      {draft.kind === 'basic' && (
        <>
          <TextField
            id={`${id}-client-id`}
            label="Client ID"
            value={draft.clientId}
            onChange={(clientId) => {
              draft.update({ clientId });
            }}
            hint="Leave empty for a generated one when the credential has none."
          />
          <TextField
            id={`${id}-username`}
            label="Username"
            value={draft.username}
            onChange={(username) => {
              draft.update({ username });
            }}
          />
          <TextField
            id={`${id}-password`}
            label="Password"
            secret
            value={draft.password}
            onChange={(password) => {
              draft.update({ password });
            }}
          />
        </>
      )}
      {draft.kind === 'provision' && (
        <p className="hint">
          Connects with the username <code>provision</code>: a provision-only session in which just
          the Provision panel works.
        </p>
      )}
    </>
  );
}
