import type { ConnectOptions } from '@/session/session-api.ts';
import { OPERATOR_USERNAME_PREFIX } from '@protocol/operator-topics.ts';

/** CONNECT options of an operator login: username `operator:<account>` and the password (ADR 0004). */
export function operatorConnectOptions(
  account: string,
  password: string,
  url?: string,
): ConnectOptions {
  return {
    ...(url === undefined || url === '' ? {} : { url }),
    protocolVersion: 5,
    credentials: {
      kind: 'basic',
      clientId: '',
      username: `${OPERATOR_USERNAME_PREFIX}${account}`,
      password,
    },
  };
}
