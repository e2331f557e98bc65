import { ReconnectNotice } from '@/components/ui/reconnect-notice.tsx';
import { useDeviceName } from '@/lib/device-connect.ts';
import { useSession, useSessionStatus } from '@/lib/session-context.tsx';
import type { SessionState } from '@/session/session-store.ts';

import { BridgeStatus } from './bridge-status.tsx';

function headline(state: SessionState): string {
  switch (state.status) {
    case 'connected':
      return 'Connected';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting';
    case 'idle':
    case 'closed':
    case 'error':
      return 'Disconnected';
  }
}

/** The session's status in words; a refusal or network failure is spelled out with its fix. */
export function ConnectionStatus() {
  const session = useSession();
  const state = useSessionStatus((s) => s);
  const deviceName = useDeviceName(state.credentialKind === 'provision' ? null : state.username);
  const who =
    deviceName === null
      ? state.clientId
      : `device ${deviceName} (client id ${state.clientId ?? ''})`;
  const detail =
    state.status === 'connected' && state.brokerUrl !== null && state.clientId !== null
      ? `to ${state.brokerUrl} as ${who ?? ''}`
      : null;

  return (
    <section
      className="connection-status"
      data-status={state.status}
      role="status"
      aria-label="Connection status"
    >
      <p className="connection-status__line">
        <span className="connection-status__dot" aria-hidden="true" />
        <strong>{headline(state)}</strong>
        {detail !== null && <span className="connection-status__detail"> {detail}</span>}
      </p>
      <BridgeStatus />
      {state.status === 'connected' && state.credentialKind === 'provision' && (
        <p className="hint">
          Provision session: only the Provision panel works until you connect as a device.
        </p>
      )}
      {state.lastError !== null && <p className="connection-status__error">{state.lastError}</p>}
      {state.status === 'reconnecting' && (
        <ReconnectNotice
          attempt={state.reconnectAttempt}
          retryAt={state.retryAt}
          onRetry={() => session.retryNow()}
          connection="device connection"
        />
      )}
    </section>
  );
}

function badgeText(status: SessionState['status'], attempt: number): string {
  switch (status) {
    case 'connected':
      return 'Online';
    case 'reconnecting':
      return `Retry ${attempt}`;
    case 'connecting':
      return 'Connecting';
    case 'idle':
    case 'closed':
    case 'error':
      return 'Offline';
  }
}

/**
 * A compact status for the header: a coloured dot, whose session it is ("Device" or "Operator"),
 * and one word. The app shows one per session the current role uses.
 */
export function SessionBadge({ who, state }: { who: string; state: SessionState }) {
  const text = badgeText(state.status, state.reconnectAttempt);
  return (
    <span
      className="connection-badge"
      data-status={state.status}
      role="status"
      aria-label={`${who} connection`}
    >
      <span className="connection-status__dot" aria-hidden="true" />
      <span className="connection-badge__who">{who}</span> {text}
    </span>
  );
}
