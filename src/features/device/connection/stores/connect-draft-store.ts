import { create } from 'zustand';

import { defaultBrokerUrl } from '@/config/env.ts';
import { deviceConnectStore } from '@/lib/device-connect.ts';
import type { ConnectOptions, Credentials } from '@/session/mqtt-session.ts';
import type { CredentialKind, ProtocolVersion } from '@/session/session-store.ts';

import { profileFromLink } from '../api/profile-link.ts';
import type { ConnectionProfile } from '../api/profile-link.ts';

import { useProfilesStore } from './profiles-store.ts';

/** What the connect form holds while the user edits it. */
export interface ConnectDraft {
  profileName: string;
  url: string;
  protocolVersion: ProtocolVersion;
  kind: CredentialKind;
  token: string;
  clientId: string;
  username: string;
  password: string;
}

interface DraftState extends ConnectDraft {
  update: (patch: Partial<ConnectDraft>) => void;
  load: (profile: ConnectionProfile) => void;
}

const empty = (): ConnectDraft => ({
  profileName: '',
  url: defaultBrokerUrl(),
  protocolVersion: 4,
  kind: 'token',
  token: '',
  clientId: '',
  username: '',
  password: '',
});

/** The draft a profile fills in. */
export function draftFromProfile(profile: ConnectionProfile): ConnectDraft {
  const { credentials } = profile;
  return {
    ...empty(),
    profileName: profile.name,
    url: profile.url,
    protocolVersion: profile.protocolVersion,
    kind: credentials.kind,
    token: credentials.kind === 'token' ? credentials.token : '',
    ...(credentials.kind === 'basic'
      ? {
          clientId: credentials.clientId,
          username: credentials.username,
          password: credentials.password,
        }
      : {}),
  };
}

/** The credentials the draft describes. */
export function draftCredentials(draft: ConnectDraft): Credentials {
  switch (draft.kind) {
    case 'token':
      return { kind: 'token', token: draft.token };
    case 'basic':
      return {
        kind: 'basic',
        clientId: draft.clientId,
        username: draft.username,
        password: draft.password,
      };
    case 'provision':
      return { kind: 'provision' };
  }
}

export function draftProfile(draft: ConnectDraft): ConnectionProfile {
  return {
    name: draft.profileName.trim(),
    url: draft.url.trim(),
    protocolVersion: draft.protocolVersion,
    credentials: draftCredentials(draft),
  };
}

/** The first draft: the profile the page's deep link names, if any. */
function initialDraft(): ConnectDraft {
  const linked = profileFromLink(
    new URLSearchParams(window.location.search),
    useProfilesStore.getState().profiles,
    defaultBrokerUrl(),
  );
  return linked === null ? empty() : draftFromProfile(linked);
}

/** The connect form's fields (client state; zustand so a profile can fill them from elsewhere). */
export const useConnectDraft = create<DraftState>()((set) => ({
  ...initialDraft(),
  update: (patch) => {
    set(patch);
  },
  load: (profile) => {
    set(draftFromProfile(profile));
  },
}));

/** The draft after another panel connected with `options`: its URL, version and credentials. */
export function draftFromOptions(current: ConnectDraft, options: ConnectOptions): ConnectDraft {
  const { credentials } = options;
  return {
    ...current,
    url: options.url ?? current.url,
    protocolVersion: options.protocolVersion,
    kind: credentials.kind,
    ...(credentials.kind === 'token' ? { token: credentials.token } : {}),
    ...(credentials.kind === 'basic'
      ? {
          clientId: credentials.clientId,
          username: credentials.username,
          password: credentials.password,
        }
      : {}),
  };
}

// Provision's "Connect as this device" and the operator's "Simulate" connect elsewhere: the form
// then shows the credentials in use, not the ones typed before.
deviceConnectStore.subscribe((state, previous) => {
  if (state.last === null || state.last === previous.last) return;
  useConnectDraft.setState(draftFromOptions(useConnectDraft.getState(), state.last.options));
});

/** Back to an empty form (tests). */
export function resetConnectDraft(): void {
  useConnectDraft.setState(empty());
}
