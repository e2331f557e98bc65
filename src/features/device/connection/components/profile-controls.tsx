import { useId, useState } from 'react';

import { defaultBrokerUrl } from '@/config/env.ts';
import { readSearchParam, writeSearchParams } from '@/lib/url-state.ts';

import { profileLinkParams } from '../api/profile-link.ts';
import { draftProfile, useConnectDraft } from '../stores/connect-draft-store.ts';
import { useProfilesStore } from '../stores/profiles-store.ts';

/** Saves the form as a named profile and builds a deep link to it (secret only when ticked). */
export function ProfileControls() {
  const id = useId();
  const draft = useConnectDraft();
  const save = useProfilesStore((state) => state.save);
  const [includeSecret, setIncludeSecret] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const profile = draftProfile(draft);
  const named = profile.name !== '';
  const link = named
    ? `${window.location.origin}${window.location.pathname}?${profileLinkParams(profile, {
        panel: readSearchParam('panel'),
        includeSecret,
        defaultUrl: defaultBrokerUrl(),
      }).toString()}`
    : '';

  return (
    <section className="profile-controls" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Profile</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Profile name</label>
        <div className="field__with-button">
          <input
            id={`${id}-name`}
            type="text"
            autoComplete="off"
            value={draft.profileName}
            onChange={(event) => {
              draft.update({ profileName: event.target.value });
              setSaved(null);
            }}
          />
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={!named}
            onClick={() => {
              save(profile);
              writeSearchParams({ profile: profile.name });
              setSaved(profile.name);
            }}
          >
            Save profile
          </button>
        </div>
        <p className="hint" role="status">
          {saved === null ? 'Saved in this browser only.' : `Saved profile ${saved}.`}
        </p>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={includeSecret}
          onChange={(event) => {
            setIncludeSecret(event.target.checked);
          }}
        />
        Include secret in link
      </label>
      {named && (
        <div className="field">
          <label htmlFor={`${id}-link`}>Link to this profile</label>
          <div className="field__with-button">
            <input id={`${id}-link`} type="text" readOnly value={link} className="mono" />
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                void navigator.clipboard.writeText(link).catch(() => undefined);
              }}
            >
              Copy link
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
