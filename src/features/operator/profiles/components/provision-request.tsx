import { useId } from 'react';

import type { ProfileDto } from '@protocol/operator-dto.ts';

import { provisionExample } from '../api/provision-example.ts';

import { CopyButton } from './copy-button.tsx';

/** What a device sends to provision itself with this profile (spec §10), ready to copy. */
export function ProvisionRequest({
  profile,
  onClose,
}: {
  profile: ProfileDto;
  onClose: () => void;
}) {
  const id = useId();
  const example = provisionExample(profile);
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Provision request for {profile.name}</h3>
      <p className="pk-muted">
        A device connects with username <code>{example.username}</code> (no password), subscribes to{' '}
        <code>{example.responseTopic}</code> and publishes this to <code>{example.topic}</code>.
        Replace the device name with its own.
      </p>
      {example.refusal !== null && <p className="pk-note pk-note--warn">{example.refusal}</p>}
      <pre
        className="pk-code"
        tabIndex={0}
        aria-label={`Provision request body for ${profile.name}`}
      >
        {example.body}
      </pre>
      <div className="pk-buttons">
        <CopyButton text={example.body} label={`Copy the provision request for ${profile.name}`} />
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
