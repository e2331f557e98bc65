import { operatorResponseSchema } from '../../../src/protocol/operator-api.ts';

import { ApiError, ConnectError, type ConnectOptions } from './client.ts';

/**
 * One request to the broker's HTTP endpoints (`/api/testing/*`) with the operator account as Basic
 * credentials: the JSON body of a 2xx reply, ApiError for an error body, ConnectError when the
 * broker serves no HTTP or cannot be reached.
 */
export async function httpCall(
  base: string | null,
  path: string,
  init: { method: 'GET' | 'POST'; body?: string },
  account: Pick<ConnectOptions, 'account' | 'password'>,
): Promise<unknown> {
  if (base === null) throw new ConnectError('the broker reports no HTTP listener');
  const basic = Buffer.from(`${account.account}:${account.password}`).toString('base64');
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method: init.method,
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
  } catch (error) {
    throw new ConnectError(`cannot reach ${base}${path}: ${(error as Error).message}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConnectError(`${base}${path} answered ${String(res.status)} without JSON`);
  }
  if (res.ok) return body;
  const parsed = operatorResponseSchema.safeParse(body);
  if (parsed.success && 'error' in parsed.data) throw new ApiError(parsed.data.error);
  throw new ConnectError(`${base}${path} answered ${String(res.status)}`);
}
