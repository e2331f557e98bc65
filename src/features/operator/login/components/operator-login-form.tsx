import { useId, useState } from 'react';

import { ReconnectNotice } from '@/components/ui/reconnect-notice.tsx';
import { useOperatorSession, useOperatorStatus } from '@/lib/operator-context.tsx';
import { readSearchParam } from '@/lib/url-state.ts';

import { operatorConnectOptions } from '../api/login-credentials.ts';

/**
 * Operator login: the account and password of the operator API (`operator:<account>`). The broker's
 * one-click link logs in before the first render (src/main.tsx, `takeOneClickLogin`). After an
 * outage the session logs in again by itself with the credentials it keeps in memory (ADR 0003);
 * the form comes back only when that re-login is refused, with the reason.
 */
export function OperatorLoginForm() {
  const session = useOperatorSession();
  const status = useOperatorStatus((s) => s.status);
  const lastError = useOperatorStatus((s) => s.lastError);
  const username = useOperatorStatus((s) => s.username);
  const attempt = useOperatorStatus((s) => s.reconnectAttempt);
  const retryAt = useOperatorStatus((s) => s.retryAt);
  const id = useId();
  const [account, setAccount] = useState(() => readSearchParam('user') ?? 'admin');
  const [password, setPassword] = useState('');
  const [url, setUrl] = useState('');

  if (status === 'connected' || status === 'connecting' || status === 'reconnecting') {
    return (
      <div className="op-login op-login--in" role="status" aria-label="Operator session">
        <span className={`connection-status__dot op-dot--${status}`} aria-hidden="true" />
        <span>
          {status === 'connected'
            ? 'Logged in as '
            : status === 'reconnecting'
              ? 'Reconnecting as '
              : 'Logging in as '}
          <strong>{username}</strong>
        </span>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void session.disconnect()}
        >
          Log out
        </button>
        {status === 'reconnecting' && (
          <ReconnectNotice
            attempt={attempt}
            retryAt={retryAt}
            onRetry={() => session.retryNow()}
            connection="operator connection"
          />
        )}
      </div>
    );
  }

  return (
    <form
      className="op-login"
      aria-label="Operator login"
      onSubmit={(event) => {
        event.preventDefault();
        session.connect(operatorConnectOptions(account, password, url));
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-account`}>Operator account</label>
        <input
          id={`${id}-account`}
          value={account}
          required
          onChange={(e) => {
            setAccount(e.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Operator password</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="current-password"
          value={password}
          required
          onChange={(e) => {
            setPassword(e.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>Operator broker URL</label>
        <input
          id={`${id}-url`}
          value={url}
          placeholder="same origin /mqtt"
          onChange={(e) => {
            setUrl(e.target.value);
          }}
        />
      </div>
      <button type="submit" className="button">
        Log in
      </button>
      {lastError !== null && (
        <p className="text-danger" role="alert">
          {lastError}
        </p>
      )}
    </form>
  );
}
