/**
 * Device provisioning (spec §10): the request a provision session publishes, and the response on
 * `/provision/response` read into credentials the console can connect with. Pure.
 */
import type { ProvisionOutcome } from '@/protocol/codecs/provision-response.ts';
import type { ProvisionCredentialsType } from '@/protocol/codecs/provision.ts';

export interface ProvisionForm {
  deviceName: string;
  provisionDeviceKey: string;
  provisionDeviceSecret: string;
  credentialsType: ProvisionCredentialsType;
  /** ACCESS_TOKEN: empty lets the broker generate one. */
  token: string;
  clientId: string;
  username: string;
  password: string;
  /** X509_CERTIFICATE: the certificate text (sent as `hash`, as the reference names it). */
  certificate: string;
  gateway: boolean;
  /** `/provision` (the seed's) or `/provision/request` (the reference's); both work. */
  topic: 'provision' | 'provisionRequest';
}

export const emptyProvisionForm: ProvisionForm = {
  deviceName: '',
  provisionDeviceKey: '',
  provisionDeviceSecret: '',
  credentialsType: 'ACCESS_TOKEN',
  token: '',
  clientId: '',
  username: '',
  password: '',
  certificate: '',
  gateway: false,
  topic: 'provision',
};

/** The request payload: only the fields of the chosen credential type, and only non-empty ones. */
export function encodeProvisionRequest(form: ProvisionForm): string {
  const body: Record<string, string | boolean> = {};
  if (form.deviceName.trim() !== '') body.deviceName = form.deviceName.trim();
  body.provisionDeviceKey = form.provisionDeviceKey;
  body.provisionDeviceSecret = form.provisionDeviceSecret;
  body.credentialsType = form.credentialsType;
  const optional = (name: string, value: string) => {
    if (value !== '') body[name] = value;
  };
  switch (form.credentialsType) {
    case 'ACCESS_TOKEN':
      optional('token', form.token);
      break;
    case 'MQTT_BASIC':
      optional('clientId', form.clientId);
      optional('username', form.username);
      optional('password', form.password);
      break;
    case 'X509_CERTIFICATE':
      optional('hash', form.certificate.trim());
      break;
  }
  if (form.gateway) body.gateway = true;
  return JSON.stringify(body);
}

/** The outcome in plain words (spec §10). */
export function describeProvisionOutcome(outcome: ProvisionOutcome): string {
  switch (outcome.status) {
    case 'SUCCESS':
      return 'Provisioned: the platform created the device and returned its credentials.';
    case 'NOT_FOUND':
      return 'Not found: no device profile has this provision key and secret, or provisioning is disabled in it. Check the key and secret in the device profile.';
    case 'FAILURE':
      return 'Failed: the profile was found but the device could not be provisioned — a device with this name may already exist (or, for pre-provisioned devices, does not exist or was provisioned before), or the credentials are taken or invalid.';
    case 'UNREADABLE':
      return `The broker answered something unexpected: ${outcome.errorMsg}`;
  }
}
