/**
 * `GET /api/info` of the dev broker (not part of the ThingsBoard device API): whether the broker
 * bridges device sessions to an upstream hub, and whether a given client's session is bridged
 * (ADR 0008). Served on the HTTP port that serves `/mqtt`.
 */
import { z } from 'zod';

import { fail, ok, type Result } from './result.ts';

export const BROKER_INFO_PATH = '/api/info';

const bridgeInfoSchema = z.object({
  /** `host:port` of the upstream hub. */
  upstream: z.string(),
  tls: z.boolean(),
  /** `all`: every device session is bridged; `listed`: only those `--upstream-only-for` names. */
  scope: z.enum(['all', 'listed']),
  sessions: z.number().int().min(0),
  maxSessions: z.number().int().min(1),
});

const brokerInfoSchema = z.object({
  bridge: bridgeInfoSchema.nullable(),
  /** Present when asked with `?clientId=`. */
  session: z.object({ clientId: z.string(), bridged: z.boolean() }).nullable(),
});

export type BridgeInfo = z.infer<typeof bridgeInfoSchema>;
export type BrokerInfo = z.infer<typeof brokerInfoSchema>;

/** Checks a parsed `/api/info` body. */
export function decodeBrokerInfo(json: unknown): Result<BrokerInfo> {
  const parsed = brokerInfoSchema.safeParse(json);
  if (!parsed.success) return fail('schema', `unexpected /api/info body: ${parsed.error.message}`);
  return ok(parsed.data);
}

/**
 * The `/api/info` URL on the broker that serves `brokerWsUrl` (`ws://h:p/mqtt` → `http://h:p/api/info`,
 * `wss:` → `https:`), or null when that is not a WebSocket URL.
 */
export function brokerInfoUrl(brokerWsUrl: string, clientId?: string): string | null {
  let url: URL;
  try {
    url = new URL(brokerWsUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
  const scheme = url.protocol === 'wss:' ? 'https:' : 'http:';
  const query = clientId === undefined ? '' : `?clientId=${encodeURIComponent(clientId)}`;
  return `${scheme}//${url.host}${BROKER_INFO_PATH}${query}`;
}
