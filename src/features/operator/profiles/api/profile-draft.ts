import type { OperatorParams } from '@protocol/operator-api.ts';
import type { ProfileDto, ProvisionTypeName } from '@protocol/operator-dto.ts';
import {
  DEFAULT_PROTO_PROFILE_SETTINGS,
  PROFILE_SCHEMA_FIELDS,
  type ProtoProfileSettings,
} from '@protocol/proto/profile-schema-defaults.ts';

/**
 * The profile form's fields as typed (docs/operator-api.md "Profiles"), with the Protobuf schemas and switches
 * of device-api.md §2.3 (the reference's defaults in a new profile).
 */
export interface ProfileDraft extends ProtoProfileSettings {
  name: string;
  provisionType: ProvisionTypeName;
  provisionKey: string;
  provisionSecret: string;
  payloadType: ProfileDto['payloadType'];
  sendAckOnValidationException: boolean;
}

/** Problems found before sending, by field, in plain words. Empty when the draft can be sent. */
export type DraftProblems = Partial<Record<keyof ProfileDraft, string>>;

/** The platform's defaults for a new profile. */
export const EMPTY_DRAFT: ProfileDraft = {
  name: '',
  provisionType: 'DISABLED',
  provisionKey: '',
  provisionSecret: '',
  payloadType: 'JSON',
  ...DEFAULT_PROTO_PROFILE_SETTINGS,
  sendAckOnValidationException: false,
};

/** The form filled from a stored profile. */
export function draftOf(profile: ProfileDto): ProfileDraft {
  return {
    name: profile.name,
    provisionType: profile.provisionType,
    provisionKey: profile.provisionKey ?? '',
    provisionSecret: profile.provisionSecret ?? '',
    payloadType: profile.payloadType,
    enableCompatibilityWithJsonPayloadFormat: profile.enableCompatibilityWithJsonPayloadFormat,
    useJsonPayloadFormatForDefaultDownlinkTopics:
      profile.useJsonPayloadFormatForDefaultDownlinkTopics,
    deviceTelemetryProtoSchema: profile.deviceTelemetryProtoSchema,
    deviceAttributesProtoSchema: profile.deviceAttributesProtoSchema,
    deviceRpcRequestProtoSchema: profile.deviceRpcRequestProtoSchema,
    deviceRpcResponseProtoSchema: profile.deviceRpcResponseProtoSchema,
    sendAckOnValidationException: profile.sendAckOnValidationException,
  };
}

/**
 * Checks a draft against the other profiles (`others`: every profile but the one edited) the way the
 * broker will, so the user reads what to fix before anything is sent.
 */
export function validateDraft(draft: ProfileDraft, others: readonly ProfileDto[]): DraftProblems {
  const problems: DraftProblems = {};
  const name = draft.name.trim();
  const key = draft.provisionKey.trim();
  if (name === '') problems.name = 'Give the profile a name.';
  else if (others.some((p) => p.name === name))
    problems.name = `A profile named ${name} already exists: choose another name.`;
  if (draft.provisionType !== 'DISABLED') {
    const needs = `is needed when devices may provision themselves (or choose Disabled).`;
    if (key === '') problems.provisionKey = `A provision key ${needs}`;
    if (draft.provisionSecret.trim() === '')
      problems.provisionSecret = `A provision secret ${needs}`;
  }
  for (const field of PROFILE_SCHEMA_FIELDS) {
    if (draft[field].trim() === '')
      problems[field] = 'A schema is needed: write one or press "Use the default".';
  }
  const owner = key === '' ? undefined : others.find((p) => p.provisionKey === key);
  if (owner !== undefined)
    problems.provisionKey = `Profile ${owner.name} already uses this provision key: generate another.`;
  return problems;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/** `profiles.create` params: every field, empty key and secret left out. */
export function createParams(draft: ProfileDraft): OperatorParams<'profiles.create'> {
  const key = orNull(draft.provisionKey);
  const secret = orNull(draft.provisionSecret);
  return {
    name: draft.name.trim(),
    provisionType: draft.provisionType,
    payloadType: draft.payloadType,
    enableCompatibilityWithJsonPayloadFormat:
      draft.payloadType === 'PROTOBUF' && draft.enableCompatibilityWithJsonPayloadFormat,
    // spec §2.3: the downlink switch counts only with JSON compatibility
    useJsonPayloadFormatForDefaultDownlinkTopics:
      draft.payloadType === 'PROTOBUF' &&
      draft.enableCompatibilityWithJsonPayloadFormat &&
      draft.useJsonPayloadFormatForDefaultDownlinkTopics,
    deviceTelemetryProtoSchema: draft.deviceTelemetryProtoSchema,
    deviceAttributesProtoSchema: draft.deviceAttributesProtoSchema,
    deviceRpcRequestProtoSchema: draft.deviceRpcRequestProtoSchema,
    deviceRpcResponseProtoSchema: draft.deviceRpcResponseProtoSchema,
    sendAckOnValidationException: draft.sendAckOnValidationException,
    ...(key === null ? {} : { provisionKey: key }),
    ...(secret === null ? {} : { provisionSecret: secret }),
  };
}

/**
 * `profiles.update` params: only what differs from `profile` (an emptied key or secret becomes null).
 * Returns null when nothing changed.
 */
export function updateParams(
  profile: ProfileDto,
  draft: ProfileDraft,
): OperatorParams<'profiles.update'> | null {
  const next = createParams(draft);
  const wanted = {
    ...next,
    provisionKey: next.provisionKey ?? null,
    provisionSecret: next.provisionSecret ?? null,
  };
  const changed = Object.fromEntries(
    Object.entries(wanted).filter(([field, value]) => profile[field as keyof ProfileDto] !== value),
  );
  if (Object.keys(changed).length === 0) return null;
  return { profileId: profile.id, ...changed };
}
