import { describe, expect, it } from 'vitest';

import { maskSecret, profileFromLink, profileLinkParams } from './profile-link.ts';
import type { ConnectionProfile } from './profile-link.ts';

const DEFAULT_URL = 'ws://localhost:8080/mqtt';
const token: ConnectionProfile = {
  name: 'thermostat',
  url: DEFAULT_URL,
  protocolVersion: 5,
  credentials: { kind: 'token', token: 'secret-token-42' },
};
const basic: ConnectionProfile = {
  name: 'basic one',
  url: 'ws://other:9000/mqtt',
  protocolVersion: 4,
  credentials: { kind: 'basic', clientId: 'c1', username: 'u1', password: 'pw-123456' },
};

describe('profile links', () => {
  it('leaves the secret out unless asked, and the default URL out always', () => {
    const params = profileLinkParams(token, {
      panel: 'telemetry',
      includeSecret: false,
      defaultUrl: DEFAULT_URL,
    });
    expect(params.toString()).toBe(
      'role=device&profile=thermostat&panel=telemetry&mqtt=5&auth=token',
    );
    const withSecret = profileLinkParams(token, {
      panel: null,
      includeSecret: true,
      defaultUrl: DEFAULT_URL,
    });
    expect(withSecret.get('token')).toBe('secret-token-42');
  });

  it('restores a saved profile by name, and a profile spelled out in the link', () => {
    const saved = profileFromLink(new URLSearchParams('profile=thermostat'), [token], DEFAULT_URL);
    expect(saved).toEqual(token);
    const link = profileLinkParams(basic, {
      panel: 'log',
      includeSecret: true,
      defaultUrl: DEFAULT_URL,
    });
    expect(profileFromLink(link, [], DEFAULT_URL)).toEqual(basic);
    const noSecret = profileLinkParams(basic, {
      panel: 'log',
      includeSecret: false,
      defaultUrl: DEFAULT_URL,
    });
    expect(profileFromLink(noSecret, [], DEFAULT_URL)?.credentials).toEqual({
      ...basic.credentials,
      password: '',
    });
    expect(profileFromLink(new URLSearchParams('panel=log'), [token], DEFAULT_URL)).toBeNull();
  });

  it('masks secrets, showing at most their last two characters', () => {
    expect(maskSecret('')).toBe('(none)');
    expect(maskSecret('abc')).toBe('••••••');
    expect(maskSecret('secret-token-42')).toBe('••••••42');
  });
});
