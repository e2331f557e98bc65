import { describe, expect, it } from 'vitest';

import type { ProfileDto } from '@protocol/operator-dto.ts';

import { provisionExample } from './provision-example.ts';

const profile: ProfileDto = {
  id: 'p1',
  name: 'fleet',
  payloadType: 'JSON',
  enableCompatibilityWithJsonPayloadFormat: false,
  sendAckOnValidationException: false,
  provisionType: 'ALLOW_CREATE_NEW_DEVICES',
  provisionKey: 'pk-fleet',
  provisionSecret: 'ps-fleet',
  isDefault: false,
  createdAt: 1,
};

describe('provisionExample', () => {
  it('is the spec §10 request on /provision/request from a provision session', () => {
    const example = provisionExample(profile, 'sensor-9');
    expect(example.username).toBe('provision');
    expect(example.topic).toBe('/provision/request');
    expect(example.responseTopic).toBe('/provision/response');
    expect(JSON.parse(example.body)).toEqual({
      deviceName: 'sensor-9',
      provisionDeviceKey: 'pk-fleet',
      provisionDeviceSecret: 'ps-fleet',
    });
    expect(example.refusal).toBeNull();
  });

  it('says why a disabled profile or one without a secret answers NOT_FOUND', () => {
    expect(provisionExample({ ...profile, provisionType: 'DISABLED' }).refusal).toMatch(
      /disabled.*NOT_FOUND/,
    );
    expect(provisionExample({ ...profile, provisionSecret: null }).refusal).toMatch(
      /no provision key or secret/,
    );
  });
});
