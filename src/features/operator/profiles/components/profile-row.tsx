import { useState } from 'react';

import type { ProfileDto } from '@protocol/operator-dto.ts';

import { profileErrorText } from '../api/profile-error-text.ts';
import { strategyLabel } from '../api/strategy-labels.ts';
import { useDeleteProfile } from '../api/use-profile-mutations.ts';

import { CopyButton } from './copy-button.tsx';
import { MaskedSecret } from './masked-secret.tsx';

export interface ProfileRowProps {
  profile: ProfileDto;
  /** Devices in the profile, or null while unknown. */
  devices: number | null;
  onEdit: (profileId: string) => void;
  onShowRequest: (profileId: string) => void;
  onDeleted: (name: string) => void;
}

/** One profile: its settings, key and masked secret, and Edit, Provision request and Delete (asks once more). */
export function ProfileRow({
  profile,
  devices,
  onEdit,
  onShowRequest,
  onDeleted,
}: ProfileRowProps) {
  const { name } = profile;
  const remove = useDeleteProfile(() => {
    onDeleted(name);
  });
  const [confirming, setConfirming] = useState(false);
  const small = 'button button--secondary button--small';
  return (
    <tr>
      <th scope="row">
        {name}
        {profile.isDefault && (
          <>
            {' '}
            <span className="type-badge">default</span>
          </>
        )}
        <div className="pk-muted op-sub">
          {devices === null ? '' : `${devices} ${devices === 1 ? 'device' : 'devices'}`}
        </div>
      </th>
      <td>
        {strategyLabel(profile.provisionType)}
        <div className="pk-muted op-sub mono">{profile.provisionType}</div>
      </td>
      <td>{profile.payloadType}</td>
      <td>
        {profile.provisionKey === null ? (
          <span className="pk-muted">none</span>
        ) : (
          <div className="pk-buttons">
            <code aria-label={`Provision key of ${name}`}>{profile.provisionKey}</code>
            <CopyButton text={profile.provisionKey} label={`Copy key of ${name}`} />
          </div>
        )}
      </td>
      <td>
        <MaskedSecret secret={profile.provisionSecret} profileName={name} />
      </td>
      <td>
        <div className="pk-buttons">
          <button
            type="button"
            className={small}
            aria-label={`Edit ${name}`}
            onClick={() => {
              onEdit(profile.id);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            className={small}
            aria-label={`Provision request of ${name}`}
            onClick={() => {
              onShowRequest(profile.id);
            }}
          >
            Request
          </button>
          {!profile.isDefault && (
            <button
              type="button"
              className={small}
              aria-label={confirming ? `Confirm deleting ${name}` : `Delete ${name}`}
              disabled={remove.isPending}
              onClick={() => {
                if (!confirming) setConfirming(true);
                else
                  remove.mutate(profile.id, {
                    onSettled: () => {
                      setConfirming(false);
                    },
                  });
              }}
              onBlur={() => {
                if (!remove.isPending) setConfirming(false);
              }}
            >
              {confirming ? 'Confirm delete' : 'Delete'}
            </button>
          )}
        </div>
        {remove.error && (
          <p className="text-danger" role="alert" aria-label={`Delete ${name} refused`}>
            {profileErrorText(remove.error, name)}
          </p>
        )}
      </td>
    </tr>
  );
}
