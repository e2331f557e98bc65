import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  HTTP_PATHS,
  type HealthResponse,
  type HealthUnavailable,
  type HttpErrorResponse,
} from '../../src/protocol/http-api.ts';
import { HubError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import type { BrokerState } from '../state/broker-state.ts';

import { requestPath } from './request-target.ts';

/** The largest snapshot `POST /api/testing/restore` reads (a 256 MiB package is ~342 MiB in base64). */
export const MAX_RESTORE_BYTES = 400 * 1024 * 1024;

export interface HttpApiDeps {
  health(): HealthResponse | HealthUnavailable;
  /** Checks an operator account's password (the testing endpoints need one). */
  verify(account: string, password: string): boolean;
  state: BrokerState;
  log: Logger;
  /** The largest restore body read (default MAX_RESTORE_BYTES). */
  maxBodyBytes?: number;
}

/** Answers a request for one of the HTTP endpoints; false for any other path (the console serves it). */
export type HttpApiHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

const HTTP_STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  PERMISSION_DENIED: 401,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
};

/** A request body over the limit (413). */
class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

/** `/healthz` and `/api/testing/*` (src/protocol/http-api.ts, docs/testing.md). */
export function createHttpApi(deps: HttpApiDeps): HttpApiHandler {
  const routes: Record<
    string,
    { method: string; run: (req: IncomingMessage) => Promise<unknown> }
  > = {
    [HTTP_PATHS.reset]: { method: 'POST', run: () => deps.state.reset() },
    [HTTP_PATHS.snapshot]: { method: 'GET', run: () => Promise.resolve(deps.state.snapshot()) },
    [HTTP_PATHS.restore]: {
      method: 'POST',
      run: async (req) =>
        deps.state.restore(await readBody(req, deps.maxBodyBytes ?? MAX_RESTORE_BYTES)),
    },
  };
  return (req, res) => {
    const target = requestPath(req.url);
    if (!target.ok) return false; // the console's handler answers 400
    const path = target.value;
    if (path === HTTP_PATHS.health) {
      const health = deps.health();
      sendJson(res, health.status === 'ok' ? 200 : 503, health);
      return true;
    }
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return false;
    if (req.method !== route.method) {
      res.setHeader('allow', route.method);
      fail(res, 405, 'INVALID_ARGUMENT', `${path} takes ${route.method}`);
      return true;
    }
    if (!authorized(req, (account, password) => deps.verify(account, password))) {
      res.setHeader('www-authenticate', 'Basic realm="iothub-dev-broker", charset="UTF-8"');
      fail(
        res,
        401,
        'PERMISSION_DENIED',
        'an operator account is needed: Authorization: Basic base64(account:password), e.g. curl -u admin:PASSWORD',
      );
      req.resume();
      return true;
    }
    route.run(req).then(
      (result) => {
        sendJson(res, 200, result);
      },
      (error: unknown) => {
        if (error instanceof BodyTooLarge) {
          fail(res, 413, 'PAYLOAD_TOO_LARGE', error.message);
          return;
        }
        const code = error instanceof HubError ? error.code : 'INTERNAL';
        if (code === 'INTERNAL')
          deps.log.error(`${path} failed: ${(error as Error).stack ?? String(error)}`);
        const details = error instanceof HubError ? error.details : undefined;
        fail(res, HTTP_STATUS[code] ?? 500, code, (error as Error).message, details);
      },
    );
    return true;
  };
}

/** Basic credentials of an operator account. */
function authorized(req: IncomingMessage, verify: HttpApiDeps['verify']): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && verify(decoded.slice(0, colon), decoded.slice(colon + 1));
}

/** The body as text; past `limit` bytes the rest is read and dropped, then BodyTooLarge. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= limit) parts.push(part);
    });
    req.on('end', () => {
      if (size > limit) {
        reject(
          new BodyTooLarge(
            `the body is larger than ${String(limit)} bytes; start the broker with --import FILE instead`,
          ),
        );
      } else resolve(Buffer.concat(parts).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

function fail(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  const body: HttpErrorResponse = {
    error: { code, message, ...(details === undefined ? {} : { details }) },
  };
  sendJson(res, status, body);
}
