import { useId } from 'react';

import { writeSearchParams } from '@/lib/url-state.ts';

import { maskSecret, profileSecret } from '../api/profile-link.ts';
import { useConnectDraft } from '../stores/connect-draft-store.ts';
import { useProfilesStore } from '../stores/profiles-store.ts';

const KIND_LABEL = { token: 'token', basic: 'basic', provision: 'provision' } as const;

/** Saved profiles with their secrets masked; Use fills the form, Delete forgets the profile. */
export function ProfileList() {
  const id = useId();
  const profiles = useProfilesStore((state) => state.profiles);
  const remove = useProfilesStore((state) => state.remove);
  const load = useConnectDraft((state) => state.load);
  if (profiles.length === 0) return null;

  return (
    <section aria-labelledby={`${id}-heading`} className="profile-list">
      <h3 id={`${id}-heading`}>Saved profiles</h3>
      <ul aria-labelledby={`${id}-heading`}>
        {profiles.map((profile) => {
          const { credentials } = profile;
          const who =
            credentials.kind === 'basic'
              ? `${credentials.clientId || '—'} / ${credentials.username || '—'}`
              : credentials.kind;
          return (
            <li key={profile.name}>
              <div className="profile-list__text">
                <strong>{profile.name}</strong>
                <span className="hint">
                  MQTT {profile.protocolVersion === 5 ? '5' : '3.1.1'} ·{' '}
                  {KIND_LABEL[credentials.kind]}
                  {credentials.kind === 'basic' ? ` ${who}` : ''} · secret{' '}
                  {maskSecret(profileSecret(credentials))}
                </span>
                <span className="hint mono">{profile.url}</span>
              </div>
              <div className="profile-list__actions">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`Use profile ${profile.name}`}
                  onClick={() => {
                    load(profile);
                    writeSearchParams({ profile: profile.name });
                  }}
                >
                  Use
                </button>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`Delete profile ${profile.name}`}
                  onClick={() => {
                    remove(profile.name);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
