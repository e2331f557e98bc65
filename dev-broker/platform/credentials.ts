import { createHash, randomBytes } from 'node:crypto';

import { OPERATOR_USERNAME_PREFIX } from '../../src/protocol/operator-topics.ts';
import { PROVISION_USERNAME } from '../../src/protocol/topics.ts';
import type { DeviceCredentials, StoredCredentials } from '../storage/storage.ts';

const SEP = '\u0001';

/** Lookup key of a basic credential that has only a client id (spec §1.3 step 1). */
export const clientIdKey = (clientId: string): string => `${SEP}cid${SEP}${clientId}`;

/** Lookup key of a basic credential with both client id and user name (spec §1.3 step 2). */
export const clientIdUserNameKey = (clientId: string, userName: string): string =>
  `${SEP}basic${SEP}${clientId}${SEP}${userName}`;

/**
 * The unique key a credential is stored under. Tokens and userName-only basic credentials share one
 * namespace (spec §1.3), so both are keyed by the bare string.
 */
export function credentialsIdOf(credentials: DeviceCredentials): string {
  switch (credentials.type) {
    case 'ACCESS_TOKEN':
      return credentials.token;
    case 'MQTT_BASIC': {
      const { clientId, userName } = credentials;
      if (clientId && userName) return clientIdUserNameKey(clientId, userName);
      if (clientId) return clientIdKey(clientId);
      return userName ?? '';
    }
    case 'X509_CERTIFICATE':
      return `${SEP}x509${SEP}${createHash('sha256').update(credentials.certificate).digest('hex')}`;
  }
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks a credential before it is saved; returns a plain-words reason, or null when valid. */
export function credentialsProblem(credentials: DeviceCredentials): string | null {
  switch (credentials.type) {
    case 'ACCESS_TOKEN': {
      const { token } = credentials;
      if (token.length === 0) return 'the access token is empty';
      if (token === PROVISION_USERNAME)
        return `"${PROVISION_USERNAME}" is reserved for provisioning`;
      if (CONTROL.test(token)) return 'the access token contains control characters';
      if (token.startsWith(OPERATOR_USERNAME_PREFIX))
        return `"${OPERATOR_USERNAME_PREFIX}" is reserved for operator logins`;
      return null;
    }
    case 'MQTT_BASIC': {
      const { clientId, userName, password } = credentials;
      if (!clientId && !userName) return 'a basic credential needs a client id or a user name';
      if (password && clientId && !userName) {
        return 'a basic credential with a password and a client id also needs a user name';
      }
      if (clientId === PROVISION_USERNAME || userName === PROVISION_USERNAME) {
        return `"${PROVISION_USERNAME}" is reserved for provisioning`;
      }
      if (CONTROL.test(`${clientId ?? ''}${userName ?? ''}`))
        return 'client id or user name contains control characters';
      if (userName?.startsWith(OPERATOR_USERNAME_PREFIX))
        return `"${OPERATOR_USERNAME_PREFIX}" is reserved for operator logins`;
      return null;
    }
    case 'X509_CERTIFICATE':
      return credentials.certificate.trim().length === 0 ? 'the certificate is empty' : null;
  }
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random access token of 20 letters and digits, like the reference generates. */
export function generateToken(length = 20): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length] ?? 'x';
  return out;
}

export const storedCredentials = (
  deviceId: string,
  credentials: DeviceCredentials,
): StoredCredentials => ({
  deviceId,
  credentialsId: credentialsIdOf(credentials),
  credentials,
});

/** Password check of spec §1.3: an empty stored password accepts anything. */
export function passwordMatches(stored: string | null, supplied: string | undefined): boolean {
  if (stored === null || stored === '') return true;
  return supplied === stored;
}
