import type { Credentials } from '@/session/mqtt-session.ts';
import type { ProtocolVersion } from '@/session/session-store.ts';

/** A saved way to connect: broker, MQTT version and credentials, under a name. */
export interface ConnectionProfile {
  name: string;
  url: string;
  protocolVersion: ProtocolVersion;
  credentials: Credentials;
}

/** Query parameters of a deep link (`?role=device&profile=<name>&panel=telemetry&…`). */
const P = {
  role: 'role',
  profile: 'profile',
  panel: 'panel',
  url: 'url',
  version: 'mqtt',
  auth: 'auth',
  token: 'token',
  clientId: 'clientId',
  username: 'username',
  password: 'password',
} as const;

/** The secret of a profile (token or password), or '' when it has none. */
export function profileSecret(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'token':
      return credentials.token;
    case 'basic':
      return credentials.password;
    case 'provision':
      return '';
  }
}

/** Shows that a secret exists without showing it: bullets and, for longer ones, the last 2 characters. */
export function maskSecret(secret: string): string {
  if (secret === '') return '(none)';
  return secret.length < 8 ? '••••••' : `••••••${secret.slice(-2)}`;
}

/**
 * The query string of a link to `profile` and `panel`. Secrets are left out unless `includeSecret`;
 * the broker URL is left out when it is the page's own default.
 */
export function profileLinkParams(
  profile: ConnectionProfile,
  options: { panel: string | null; includeSecret: boolean; defaultUrl: string },
): URLSearchParams {
  const params = new URLSearchParams({ [P.role]: 'device', [P.profile]: profile.name });
  if (options.panel !== null) params.set(P.panel, options.panel);
  if (profile.url !== options.defaultUrl) params.set(P.url, profile.url);
  params.set(P.version, profile.protocolVersion === 5 ? '5' : '3.1.1');
  const { credentials } = profile;
  params.set(P.auth, credentials.kind);
  if (credentials.kind === 'basic') {
    params.set(P.clientId, credentials.clientId);
    params.set(P.username, credentials.username);
  }
  const secret = profileSecret(credentials);
  if (options.includeSecret && secret !== '') {
    params.set(credentials.kind === 'token' ? P.token : P.password, secret);
  }
  return params;
}

/**
 * The profile a deep link names, completed from the link's own fields: a saved profile of that name
 * is the base, and whatever the link spells out (URL, version, credentials) wins. Null when the link
 * names no profile.
 */
export function profileFromLink(
  params: URLSearchParams,
  saved: readonly ConnectionProfile[],
  defaultUrl: string,
): ConnectionProfile | null {
  const name = params.get(P.profile);
  if (name === null || name === '') return null;
  const base = saved.find((profile) => profile.name === name);
  const version = params.get(P.version);
  const auth = params.get(P.auth) ?? base?.credentials.kind ?? 'token';
  const baseCredentials = base?.credentials;
  const text = (key: string, fallback: string) => params.get(key) ?? fallback;
  let credentials: Credentials;
  if (auth === 'provision') credentials = { kind: 'provision' };
  else if (auth === 'basic') {
    const known = baseCredentials?.kind === 'basic' ? baseCredentials : null;
    credentials = {
      kind: 'basic',
      clientId: text(P.clientId, known?.clientId ?? ''),
      username: text(P.username, known?.username ?? ''),
      password: text(P.password, known?.password ?? ''),
    };
  } else {
    const known = baseCredentials?.kind === 'token' ? baseCredentials.token : '';
    credentials = { kind: 'token', token: text(P.token, known) };
  }
  return {
    name,
    url: text(P.url, base?.url ?? defaultUrl),
    protocolVersion: version === '5' ? 5 : version === null ? (base?.protocolVersion ?? 4) : 4,
    credentials,
  };
}
