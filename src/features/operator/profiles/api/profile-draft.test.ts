import { describe, expect, it } from 'vitest';

import { SAMPLE_PROFILE } from '@/testing/operator-samples.ts';
import { DEFAULT_PROTO_PROFILE_SETTINGS } from '@protocol/proto/profile-schema-defaults.ts';

import {
  EMPTY_DRAFT,
  createParams,
  draftOf,
  updateParams,
  validateDraft,
} from './profile-draft.ts';

const fleet = SAMPLE_PROFILE;

describe('validateDraft', () => {
  it('accepts a disabled profile with only a name', () => {
    expect(validateDraft({ ...EMPTY_DRAFT, name: 'plain' }, [fleet])).toEqual({});
  });

  it('asks for a name, and for another one when it is taken', () => {
    expect(validateDraft({ ...EMPTY_DRAFT, name: '  ' }, []).name).toBe('Give the profile a name.');
    expect(validateDraft({ ...EMPTY_DRAFT, name: ' fleet ' }, [fleet]).name).toMatch(
      /A profile named fleet already exists/,
    );
  });

  it('needs a key and a secret unless provisioning is disabled', () => {
    const problems = validateDraft(
      { ...EMPTY_DRAFT, name: 'x', provisionType: 'CHECK_PRE_PROVISIONED_DEVICES' },
      [],
    );
    expect(problems.provisionKey).toMatch(/A provision key is needed/);
    expect(problems.provisionSecret).toMatch(/A provision secret is needed/);
    expect(problems.name).toBeUndefined();
  });

  it('refuses a provision key another profile uses, naming it', () => {
    const draft = { ...EMPTY_DRAFT, name: 'x', provisionKey: 'pk-fleet' };
    expect(validateDraft(draft, [fleet]).provisionKey).toBe(
      'Profile fleet already uses this provision key: generate another.',
    );
  });

  it('lets a profile keep its own name and key when edited', () => {
    expect(validateDraft(draftOf(fleet), [])).toEqual({});
  });
});

describe('createParams', () => {
  it('sends every field, trimmed, and leaves out an empty key and secret', () => {
    expect(createParams({ ...EMPTY_DRAFT, name: ' plain ' })).toEqual({
      name: 'plain',
      provisionType: 'DISABLED',
      payloadType: 'JSON',
      ...DEFAULT_PROTO_PROFILE_SETTINGS,
      sendAckOnValidationException: false,
    });
  });

  it('keeps JSON compatibility only for a PROTOBUF profile', () => {
    const draft = { ...EMPTY_DRAFT, name: 'p', enableCompatibilityWithJsonPayloadFormat: true };
    expect(createParams(draft).enableCompatibilityWithJsonPayloadFormat).toBe(false);
    expect(
      createParams({ ...draft, payloadType: 'PROTOBUF' }).enableCompatibilityWithJsonPayloadFormat,
    ).toBe(true);
  });
});

describe('Protobuf schemas and switches (device-api.md §2.3)', () => {
  it('a new draft holds the reference defaults; an emptied schema is a problem', () => {
    expect(EMPTY_DRAFT).toMatchObject(DEFAULT_PROTO_PROFILE_SETTINGS);
    expect(
      validateDraft({ ...EMPTY_DRAFT, name: 'p', deviceRpcRequestProtoSchema: ' ' }, [])
        .deviceRpcRequestProtoSchema,
    ).toMatch(/A schema is needed/);
  });

  it('sends the JSON downlink switch only with JSON compatibility on a PROTOBUF profile', () => {
    const draft = {
      ...EMPTY_DRAFT,
      name: 'p',
      payloadType: 'PROTOBUF' as const,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    };
    expect(createParams(draft).useJsonPayloadFormatForDefaultDownlinkTopics).toBe(false);
    expect(
      createParams({ ...draft, enableCompatibilityWithJsonPayloadFormat: true })
        .useJsonPayloadFormatForDefaultDownlinkTopics,
    ).toBe(true);
  });

  it('updates only a changed schema', () => {
    const schema = 'syntax = "proto3"; message Mine { int64 ts = 1; }';
    expect(updateParams(fleet, { ...draftOf(fleet), deviceTelemetryProtoSchema: schema })).toEqual({
      profileId: 'p-fleet',
      deviceTelemetryProtoSchema: schema,
    });
  });
});

describe('updateParams', () => {
  it('is null when nothing changed', () => {
    expect(updateParams(fleet, draftOf(fleet))).toBeNull();
  });

  it('sends only the changed fields', () => {
    expect(updateParams(fleet, { ...draftOf(fleet), provisionType: 'DISABLED' })).toEqual({
      profileId: 'p-fleet',
      provisionType: 'DISABLED',
    });
  });

  it('clears an emptied key and secret with null', () => {
    const draft = { ...draftOf(fleet), provisionType: 'DISABLED' as const, provisionKey: ' ' };
    expect(updateParams(fleet, { ...draft, provisionSecret: '' })).toEqual({
      profileId: 'p-fleet',
      provisionType: 'DISABLED',
      provisionKey: null,
      provisionSecret: null,
    });
  });
});
