import type { BridgeInfo } from '../../src/protocol/broker-info.ts';
import { ConfigError } from '../config/config-file.ts';
import type { Logger } from '../platform/logger.ts';

import { BridgedSession, type BridgedConnection } from './bridged-session.ts';
import { ConnectRule } from './connect-rule.ts';
import { parseUpstream, type UpstreamOptions, type UpstreamTarget } from './upstream-target.ts';

/** CONNACK MQTT 5 0x97 "quota exceeded" for a session over the cap (3.1.1: 0x03). */
const V5_QUOTA_EXCEEDED = 0x97;
const DEFAULT_MAX_SESSIONS = 100;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** Bridge mode (ADR 0008): the registry of bridged sessions and the rule that picks them. */
export interface Bridge {
  readonly target: UpstreamTarget;
  readonly rule: ConnectRule;
  info(): BridgeInfo;
  /** Whether a bridged session with this client id (sent or assigned) is open. */
  isBridged(clientId: string): boolean;
  /** Takes over a connection classified as bridged; refuses it when the cap is reached. */
  open(conn: BridgedConnection): void;
  sessions(): readonly BridgedSession[];
  /** Closes every bridged session (both sides). */
  close(): void;
}

/** Checks `options` (a ConfigError names what to fix) and returns an empty bridge. */
export function createBridge(options: UpstreamOptions, log: Logger): Bridge {
  const parsed = parseUpstream(options);
  if (!parsed.ok) throw new ConfigError(parsed.error);
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  if (!Number.isInteger(maxSessions) || maxSessions < 1)
    throw new ConfigError(
      `--upstream-max-sessions must be a whole number ≥ 1, got ${String(maxSessions)}`,
    );
  if (options.onlyFor?.length === 0)
    throw new ConfigError(
      '--upstream-only-for needs at least one entry (a token prefix ending in * or a name)',
    );
  const target = parsed.value;
  const rule = new ConnectRule(options.onlyFor);
  const live = new Set<BridgedSession>();
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return {
    target,
    rule,
    info: () => ({
      upstream: target.display,
      tls: target.tls,
      scope: rule.scope,
      sessions: live.size,
      maxSessions,
    }),
    isBridged: (clientId) => [...live].some((s) => s.clientIds().includes(clientId)),
    open(conn) {
      const session = new BridgedSession(conn, target, timeout, log, (s) => live.delete(s));
      if (live.size >= maxSessions) {
        session.refuse(
          `bridge session cap of ${String(maxSessions)} reached (raise --upstream-max-sessions)`,
          V5_QUOTA_EXCEEDED,
        );
        return;
      }
      live.add(session);
      void session.start();
    },
    sessions: () => [...live],
    close() {
      for (const session of live) session.close('the dev broker is shutting down');
    },
  };
}
