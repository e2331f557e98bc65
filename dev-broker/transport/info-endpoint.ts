import type { IncomingMessage, ServerResponse } from 'node:http';

import { BROKER_INFO_PATH, type BrokerInfo } from '../../src/protocol/broker-info.ts';
import type { Bridge } from '../bridge/bridge.ts';

import { requestPath } from './request-target.ts';

/**
 * Serves `GET /api/info`, which tells the console (on any origin, so CORS is open: it holds nothing
 * secret) whether this broker bridges sessions to an upstream hub, and whether a given client's
 * session is one of them. Returns false for every other path.
 */
export function serveInfo(
  bridge: Bridge | null,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  // a request target is attacker-controlled: never `new URL` it (see request-target.ts)
  const path = requestPath(req.url);
  if (!path.ok || path.value !== BROKER_INFO_PATH) return false;
  const query = new URLSearchParams((req.url ?? '').split('?')[1]?.split('#')[0] ?? '');
  const cors = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...cors, allow: 'GET, HEAD' }).end();
    return true;
  }
  const clientId = query.get('clientId');
  const body: BrokerInfo = {
    bridge: bridge?.info() ?? null,
    session: clientId === null ? null : { clientId, bridged: bridge?.isBridged(clientId) ?? false },
  };
  res.writeHead(200, { ...cors, 'content-type': 'application/json' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  return true;
}
