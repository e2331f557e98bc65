import type { ProfileDto } from '@protocol/operator-dto.ts';
import { DEVICE_TOPICS, PROVISION_USERNAME } from '@protocol/topics.ts';

/** How a device provisions itself with a profile (spec §10), ready to copy. */
export interface ProvisionExample {
  username: string;
  topic: string;
  responseTopic: string;
  /** The request body, pretty-printed JSON. */
  body: string;
  /** Why this profile would answer NOT_FOUND, or null when it accepts requests. */
  refusal: string | null;
}

/** The request a device would send to provision itself with `profile` (`deviceName` is a placeholder). */
export function provisionExample(
  profile: ProfileDto,
  deviceName = 'my-new-device',
): ProvisionExample {
  const body = {
    deviceName,
    provisionDeviceKey: profile.provisionKey ?? '',
    provisionDeviceSecret: profile.provisionSecret ?? '',
  };
  const refusal =
    profile.provisionType === 'DISABLED'
      ? 'Provisioning is disabled in this profile: the broker answers NOT_FOUND.'
      : profile.provisionKey === null || profile.provisionSecret === null
        ? 'This profile has no provision key or secret: the broker answers NOT_FOUND.'
        : null;
  return {
    username: PROVISION_USERNAME,
    topic: DEVICE_TOPICS.provisionRequest,
    responseTopic: DEVICE_TOPICS.provisionResponse,
    body: JSON.stringify(body, null, 2),
    refusal,
  };
}
