import type { CustomerRefDto } from '@protocol/operator-claim-dto.ts';
import type { DeviceDto, ProfileDto } from '@protocol/operator-dto.ts';
import { DEFAULT_PROTO_PROFILE_SETTINGS } from '@protocol/proto/profile-schema-defaults.ts';

/** A provisioning profile as `profiles.get` returns it (docs/operator-api.md "Profiles"), for tests. */
export const SAMPLE_PROFILE: ProfileDto = {
  id: 'p-fleet',
  name: 'fleet',
  payloadType: 'JSON',
  ...DEFAULT_PROTO_PROFILE_SETTINGS,
  sendAckOnValidationException: false,
  provisionType: 'ALLOW_CREATE_NEW_DEVICES',
  provisionKey: 'pk-fleet',
  provisionSecret: 'ps-fleet',
  isDefault: false,
  createdAt: 1,
};

/** A device owned by {@link SAMPLE_CUSTOMER}, as a `claim.claim` SUCCESS returns it, for tests. */
export const SAMPLE_CLAIMED_DEVICE: DeviceDto = {
  id: 'd1',
  name: 'pump-7',
  type: 'default',
  profileId: 'p1',
  profileName: 'default',
  gateway: false,
  customerId: 'c1',
  createdAt: 1,
  online: true,
  lastActivityTime: 2,
};

/** The customer of {@link SAMPLE_CLAIMED_DEVICE}. */
export const SAMPLE_CUSTOMER: CustomerRefDto = { id: 'c1', name: 'Acme' };
