import { describe, expect, it } from 'vitest';

import { SAMPLE_PROFILE } from '@/testing/operator-samples.ts';

import { provisionExample } from './provision-example.ts';

const profile = SAMPLE_PROFILE;

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
