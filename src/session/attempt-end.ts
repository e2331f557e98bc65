import {
  describeClosedAfterPublish,
  describeLost,
  describeRefusal,
  describeRefusedAgain,
  describeUnreachable,
} from './connack-messages.ts';
import type { ConnectIdentity } from './credentials.ts';
import { isFinalRefusal } from './reconnect-policy.ts';
import type { ProtocolVersion } from './session-store.ts';

/** What the session does when one connection attempt ends, and the words it shows. */
export type AttemptEnd =
  /** Try again after the back-off; `blamed` when a publish of the user's most likely caused it. */
  | { retry: true; reason: string; blamed: boolean }
  /**
   * Stop: status `error` (a refusal retrying cannot change), or `closed` when `ended` (the broker
   * ended a session that has nothing left to do).
   */
  | { retry: false; reason: string; ended?: boolean };

interface AttemptTarget extends ConnectIdentity {
  url: string;
  protocolVersion: ProtocolVersion;
}

/**
 * A CONNACK refusal: retried unless final (bad credentials, spec §1.1/§1.4); a final refusal of a
 * re-login (the target connected before) says that it was one.
 */
export function afterRefusal(
  code: number,
  target: AttemptTarget,
  wasConnected: boolean,
): AttemptEnd {
  const refusal = describeRefusal(code, target.protocolVersion, target.kind, target.username);
  if (!isFinalRefusal(code, target.protocolVersion))
    return { retry: true, reason: refusal, blamed: false };
  return { retry: false, reason: wasConnected ? describeRefusedAgain(refusal) : refusal };
}

/**
 * The connection closed (or never opened): always retried. A close right after a publish is most
 * likely that publish's fault (spec §4), but the broker may as well have gone away: the words name
 * the publish, and the session reconnects all the same.
 */
export function afterClose(
  target: AttemptTarget,
  connected: boolean,
  culprit: string | null,
  disconnectReason?: number,
): AttemptEnd {
  if (culprit !== null)
    return { retry: true, reason: describeClosedAfterPublish(culprit), blamed: true };
  // spec §1.5: the broker ends a provisioning session provision.closeDelayMs after its answer; a new
  // provision-only session would only be ended again
  if (connected && target.kind === 'provision')
    return {
      retry: false,
      ended: true,
      reason:
        'The broker ended the provisioning session, as it does a while after answering. Press Connect for provisioning to send another request.',
    };
  const reason = connected
    ? describeLost(target.url, disconnectReason)
    : describeUnreachable(target.url);
  return { retry: true, reason, blamed: false };
}
