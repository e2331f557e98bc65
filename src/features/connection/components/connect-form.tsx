import { useId, useState } from 'react';

import { defaultBrokerUrl } from '@/config/env.ts';
import { useSessionStatus } from '@/lib/session-context.tsx';
import type { ProtocolVersion, SessionStatus } from '@/session/session-store.ts';

import { useConnect } from '../api/use-connect.ts';

/** While the session is in one of these, the form offers Disconnect and locks its fields. */
const ACTIVE: ReadonlySet<SessionStatus> = new Set(['connecting', 'connected', 'reconnecting']);

const VERSIONS: readonly { value: ProtocolVersion; label: string }[] = [
  { value: 4, label: 'MQTT 3.1.1' },
  { value: 5, label: 'MQTT 5' },
];

/** Broker URL, MQTT version and access token, with one Connect / Disconnect button. */
export function ConnectForm() {
  const id = useId();
  const active = useSessionStatus((state) => ACTIVE.has(state.status));
  const { connect, disconnect } = useConnect();
  const [url, setUrl] = useState(() => defaultBrokerUrl());
  const [version, setVersion] = useState<ProtocolVersion>(4);
  const [token, setToken] = useState('');

  return (
    <form
      className="connect-form"
      aria-label="Connect a device"
      onSubmit={(event) => {
        event.preventDefault();
        if (active) disconnect();
        else
          connect({
            url: url.trim(),
            protocolVersion: version,
            credentials: { kind: 'token', token },
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
              setUrl(event.target.value);
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
                  setVersion(option.value);
                }}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-token`}>Access token</label>
          <input
            id={`${id}-token`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-token-hint`}
            value={token}
            onChange={(event) => {
              setToken(event.target.value);
            }}
          />
          <p id={`${id}-token-hint`} className="hint">
            Sent as the MQTT username, as a device does.
          </p>
        </div>
      </fieldset>
      <button type="submit" className={active ? 'button button--secondary' : 'button'}>
        {active ? 'Disconnect' : 'Connect'}
      </button>
    </form>
  );
}
