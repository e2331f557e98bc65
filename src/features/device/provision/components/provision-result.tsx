import { prettyJson } from '@/lib/json-input.ts';

import type { ProvisionResult as Result } from '../api/provision-device.ts';
import { describeProvisionOutcome } from '../api/provision-request.ts';
import type { ProvisionedCredentials } from '../api/provision-request.ts';
import { canConnectWith, useProvisionConnect } from '../api/use-provision-connect.ts';

function CredentialsList({ credentials }: { credentials: ProvisionedCredentials }) {
  switch (credentials.type) {
    case 'ACCESS_TOKEN':
      return (
        <dl className="pk-dl">
          <dt>Access token</dt>
          <dd>
            <code>{credentials.token}</code>
          </dd>
        </dl>
      );
    case 'MQTT_BASIC':
      return (
        <dl className="pk-dl">
          <dt>Client id</dt>
          <dd>
            <code>{credentials.clientId || '(none)'}</code>
          </dd>
          <dt>Username</dt>
          <dd>
            <code>{credentials.userName || '(none)'}</code>
          </dd>
          <dt>Password</dt>
          <dd>{credentials.password === '' ? '(none)' : '••••••'}</dd>
        </dl>
      );
    case 'X509_CERTIFICATE':
      return (
        <p className="pk-muted">
          X.509 certificate stored ({credentials.certificate.length} characters).
        </p>
      );
  }
}

/** The response in plain words, the credentials, and one click to connect as the new device. */
export function ProvisionResult({
  result,
  deviceName,
}: {
  result: Result;
  /** The name the request asked for; empty when the platform picked one. */
  deviceName: string;
}) {
  const { connectAsDevice } = useProvisionConnect();
  const { outcome } = result;
  const ok = outcome.status === 'SUCCESS';

  return (
    <div className="pk-panel">
      <p className={ok ? 'pk-note pk-note--ok' : 'pk-note pk-note--error'}>
        <strong>{outcome.status}</strong> — {describeProvisionOutcome(outcome)}
      </p>
      {ok && <CredentialsList credentials={outcome.credentials} />}
      {ok &&
        (canConnectWith(outcome.credentials) ? (
          <div className="pk-buttons">
            <button
              type="button"
              className="button"
              onClick={() => {
                connectAsDevice(
                  outcome.credentials,
                  deviceName.trim() === '' ? null : deviceName.trim(),
                );
              }}
            >
              Connect as this device
            </button>
          </div>
        ) : (
          <p className="pk-muted">
            X.509 devices authenticate with TLS client certificates, which this console does not
            open.
          </p>
        ))}
      <details>
        <summary>Request and response ({result.latencyMs} ms)</summary>
        <pre className="pk-code" tabIndex={0} aria-label="Provision request">
          {prettyJson(result.request)}
        </pre>
        <pre className="pk-code" tabIndex={0} aria-label="Provision response">
          {prettyJson(result.response)}
        </pre>
      </details>
    </div>
  );
}
