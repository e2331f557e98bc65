import { useId } from 'react';

import { useSessionStatus } from '@/lib/session-context.tsx';
import type { ProtocolVersion, SessionStatus } from '@/session/session-store.ts';

import { useConnect } from '../api/use-connect.ts';
import { draftCredentials, useConnectDraft } from '../stores/connect-draft-store.ts';

import { CredentialsFields } from './credentials-fields.tsx';

/** While the session is in one of these, the form offers Disconnect and locks its fields. */
const ACTIVE: ReadonlySet<SessionStatus> = new Set(['connecting', 'connected', 'reconnecting']);

const VERSIONS: readonly { value: ProtocolVersion; label: string }[] = [
  { value: 4, label: 'MQTT 3.1.1' },
  { value: 5, label: 'MQTT 5' },
];

/** Broker URL, MQTT version and credentials, with one Connect / Disconnect button. */
export function ConnectForm() {
  const id = useId();
  const active = useSessionStatus((state) => ACTIVE.has(state.status));
  const { connect, disconnect } = useConnect();
  const url = useConnectDraft((draft) => draft.url);
  const version = useConnectDraft((draft) => draft.protocolVersion);
  const update = useConnectDraft((draft) => draft.update);

  return (
    <form
      className="connect-form"
      aria-label="Connect a device"
      onSubmit={(event) => {
        event.preventDefault();
        if (active) {
          disconnect();
          return;
        }
        const draft = useConnectDraft.getState();
        connect({
          url: draft.url.trim(),
          protocolVersion: draft.protocolVersion,
          credentials: draftCredentials(draft),
        });
      }}
    >
      <fieldset className="connect-form__fields" disabled={active}>
        <div className="field">
          <label htmlFor={`${id}-url`}>Broker URL</label>
          <input
            id={`${id}-url`}
            type="text"
            inputMode="url"
            required
            autoComplete="off"
            spellCheck={false}
            value={url}
            onChange={(event) => {
              update({ url: event.target.value });
            }}
          />
        </div>
        <fieldset className="field field--choice">
          <legend>MQTT version</legend>
          {VERSIONS.map((option) => (
            <label key={option.value} className="choice">
              <input
                type="radio"
                name={`${id}-version`}
                value={option.value}
                checked={version === option.value}
                onChange={() => {
                  update({ protocolVersion: option.value });
                }}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        <CredentialsFields id={id} />
      </fieldset>
      <button type="submit" className={active ? 'button button--secondary' : 'button'}>
        {active ? 'Disconnect' : 'Connect'}
      </button>
    </form>
  );
}
