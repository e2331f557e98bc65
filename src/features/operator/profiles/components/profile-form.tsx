import { useId, useState } from 'react';

import type { ProfileDto, ProvisionTypeName } from '@protocol/operator-dto.ts';

import type { DraftProblems, ProfileDraft } from '../api/profile-draft.ts';
import {
  EMPTY_DRAFT,
  createParams,
  draftOf,
  updateParams,
  validateDraft,
} from '../api/profile-draft.ts';
import { profileErrorText } from '../api/profile-error-text.ts';
import { STRATEGIES } from '../api/strategy-labels.ts';
import { useCreateProfile, useUpdateProfile } from '../api/use-profile-mutations.ts';

import { CredentialField } from './credential-field.tsx';
import { ProtoSchemasFieldset } from './proto-schemas-fieldset.tsx';

export interface ProfileFormProps {
  /** The profile edited; a new one when undefined. */
  profile?: ProfileDto;
  /** Every other profile (names and provision keys must differ). */
  others: readonly ProfileDto[];
  onDone: (notice: string) => void;
  onCancel: () => void;
}

/** Creates or edits a profile: every field `profiles.create` / `profiles.update` take, checked before sending. */
export function ProfileForm({ profile, others, onDone, onCancel }: ProfileFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<ProfileDraft>(profile ? draftOf(profile) : EMPTY_DRAFT);
  const [problems, setProblems] = useState<DraftProblems>({});
  const [unchanged, setUnchanged] = useState(false);
  const create = useCreateProfile();
  const update = useUpdateProfile();
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const title = profile ? `Edit profile ${profile.name}` : 'New profile';
  const set = (patch: Partial<ProfileDraft>) => {
    setDraft({ ...draft, ...patch });
  };

  const submit = () => {
    const found = validateDraft(draft, others);
    setProblems(found);
    setUnchanged(false);
    if (Object.keys(found).length > 0) return;
    const name = draft.name.trim();
    if (profile === undefined) {
      create.mutate(createParams(draft), { onSuccess: () => onDone(`Profile ${name} created.`) });
      return;
    }
    const params = updateParams(profile, draft);
    if (params === null) setUnchanged(true);
    else update.mutate(params, { onSuccess: () => onDone(`Profile ${name} saved.`) });
  };

  const problem = (field: keyof ProfileDraft) =>
    problems[field] === undefined ? null : (
      <p id={`${id}-${field}-problem`} className="field-error">
        {problems[field]}
      </p>
    );

  return (
    <form
      className="pk-card"
      aria-label={title}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3>{title}</h3>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Profile name</label>
          <input
            id={`${id}-name`}
            value={draft.name}
            autoComplete="off"
            disabled={profile?.isDefault === true}
            aria-invalid={problems.name !== undefined}
            aria-describedby={problems.name === undefined ? undefined : `${id}-name-problem`}
            onChange={(e) => {
              set({ name: e.target.value });
            }}
          />
          {problem('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-strategy`}>Provisioning strategy</label>
          <select
            id={`${id}-strategy`}
            value={draft.provisionType}
            onChange={(e) => {
              set({ provisionType: e.target.value as ProvisionTypeName });
            }}
          >
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="pk-row">
        <CredentialField
          id={`${id}-key`}
          label="Provision key"
          value={draft.provisionKey}
          problem={problems.provisionKey}
          onChange={(provisionKey) => {
            set({ provisionKey });
          }}
        />
        <CredentialField
          id={`${id}-secret`}
          label="Provision secret"
          value={draft.provisionSecret}
          problem={problems.provisionSecret}
          onChange={(provisionSecret) => {
            set({ provisionSecret });
          }}
        />
      </div>
      <div className="pk-row">
        <div className="field field--narrow">
          <label htmlFor={`${id}-payload`}>Payload type</label>
          <select
            id={`${id}-payload`}
            value={draft.payloadType}
            onChange={(e) => {
              set({ payloadType: e.target.value === 'PROTOBUF' ? 'PROTOBUF' : 'JSON' });
            }}
          >
            <option value="JSON">JSON</option>
            <option value="PROTOBUF">PROTOBUF</option>
          </select>
        </div>
        <label className="op-check">
          <input
            type="checkbox"
            checked={
              draft.payloadType === 'PROTOBUF' && draft.enableCompatibilityWithJsonPayloadFormat
            }
            disabled={draft.payloadType !== 'PROTOBUF'}
            onChange={(e) => {
              set({ enableCompatibilityWithJsonPayloadFormat: e.target.checked });
            }}
          />
          Also accept JSON payloads (PROTOBUF only)
        </label>
        <label className="op-check">
          <input
            type="checkbox"
            checked={draft.sendAckOnValidationException}
            onChange={(e) => {
              set({ sendAckOnValidationException: e.target.checked });
            }}
          />
          Acknowledge messages that fail validation
        </label>
      </div>
      {draft.payloadType === 'PROTOBUF' && (
        <ProtoSchemasFieldset id={id} draft={draft} problems={problems} set={set} />
      )}
      <div className="pk-buttons">
        <button type="submit" className="button" disabled={saving}>
          {profile ? 'Save profile' : 'Create profile'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div aria-live="polite">
        {unchanged && <p className="pk-note">Nothing changed: there is nothing to save.</p>}
        {error && (
          <p className="text-danger" role="alert">
            {profileErrorText(error, profile?.name ?? draft.name.trim())}
          </p>
        )}
      </div>
    </form>
  );
}
