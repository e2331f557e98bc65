/**
 * Device provisioning payloads (spec §10): the request on `/provision` or `/provision/request` and the reply on
 * `/provision/response`.
 */
import { describeNode, objectMembers, parseJsonObject } from '../json-node.ts';
import type { JsonNode } from '../lenient-json.ts';
import { fail, ok, type Result } from '../result.ts';

export type ProvisionCredentialsType = 'ACCESS_TOKEN' | 'MQTT_BASIC' | 'X509_CERTIFICATE';

export interface ProvisionRequest {
  provisionDeviceKey: string;
  provisionDeviceSecret: string;
  /** Trimmed; undefined when missing. */
  deviceName: string | undefined;
  credentialsType: ProvisionCredentialsType;
  token: string | undefined;
  clientId: string | undefined;
  username: string | undefined;
  password: string | undefined;
  /** X509: the certificate text (the reference calls the field `hash`). */
  hash: string | undefined;
  gateway: boolean;
}

/** Not an object → invalid payload; key or secret missing / not a string → `missingKeys` (PUBACK, no reply, close). */
export type ProvisionDecoded =
  { kind: 'request'; request: ProvisionRequest } | { kind: 'missingKeys'; message: string };

const str = (node: JsonNode | undefined): string | undefined =>
  node?.type === 'string' ? node.value : undefined;

/** Decodes a provisioning request (spec §10). */
export function decodeProvisionRequest(text: string): Result<ProvisionDecoded> {
  const root = parseJsonObject(text, 'Provision request');
  if (!root.ok) return root;
  const m = objectMembers(root.value);
  const key = m.get('provisionDeviceKey');
  const secret = m.get('provisionDeviceSecret');
  if (key?.type !== 'string' || secret?.type !== 'string') {
    const which = key?.type !== 'string' ? 'provisionDeviceKey' : 'provisionDeviceSecret';
    const got = m.get(which);
    return ok({
      kind: 'missingKeys',
      message: `"${which}" must be a string, got ${got ? describeNode(got) : 'nothing'}`,
    });
  }
  const type = m.get('credentialsType');
  let credentialsType: ProvisionCredentialsType = 'ACCESS_TOKEN';
  if (type !== undefined) {
    if (
      type.type !== 'string' ||
      !['ACCESS_TOKEN', 'MQTT_BASIC', 'X509_CERTIFICATE'].includes(type.value)
    ) {
      return fail(
        'schema',
        '"credentialsType" must be ACCESS_TOKEN, MQTT_BASIC or X509_CERTIFICATE',
      );
    }
    credentialsType = type.value as ProvisionCredentialsType;
  }
  const gateway = m.get('gateway');
  return ok({
    kind: 'request',
    request: {
      provisionDeviceKey: key.value,
      provisionDeviceSecret: secret.value,
      deviceName: str(m.get('deviceName'))?.trim(),
      credentialsType,
      token: str(m.get('token')),
      clientId: str(m.get('clientId')),
      username: str(m.get('username')),
      password: str(m.get('password')),
      hash: str(m.get('hash')),
      gateway: gateway?.type === 'boolean' ? gateway.value : false,
    },
  });
}

export type ProvisionResponse =
  | {
      status: 'SUCCESS';
      credentialsType: 'ACCESS_TOKEN' | 'X509_CERTIFICATE';
      credentialsValue: string;
    }
  | {
      status: 'SUCCESS';
      credentialsType: 'MQTT_BASIC';
      credentialsValue: { clientId: string; userName: string; password: string };
    }
  | { status: 'NOT_FOUND'; errorMsg: 'Provision data was not found!' }
  | { status: 'FAILURE'; errorMsg: 'Failed to provision device!' };

export const PROVISION_NOT_FOUND: ProvisionResponse = {
  status: 'NOT_FOUND',
  errorMsg: 'Provision data was not found!',
};
export const PROVISION_FAILURE: ProvisionResponse = {
  status: 'FAILURE',
  errorMsg: 'Failed to provision device!',
};

/** The reply text, with the field order of the reference. */
export const encodeProvisionResponse = (response: ProvisionResponse): string =>
  JSON.stringify(response);
