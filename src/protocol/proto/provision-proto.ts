/**
 * Protobuf provisioning (spec §10): `transport.ProvisionDeviceRequestMsg` on `/provision` or `/provision/request`,
 * answered with `transport.ProvisionDeviceResponseMsg` on `/provision/response`.
 *
 * Proto3 strings cannot be absent, so `""` stands for a missing field (deviceName, token, clientId, …); `gateway`
 * (field 5) makes the new device a gateway. A NOT_FOUND or FAILURE reply carries the status only: the message has no error text.
 * MQTT_BASIC credentials are returned as JSON text `{"clientId":…,"userName":…,"password":…}` in `credentialsValue`.
 */
import type {
  ProvisionCredentialsType,
  ProvisionDecoded,
  ProvisionResponse,
} from '../codecs/provision.ts';
import { PROVISION_FAILURE, PROVISION_NOT_FOUND } from '../codecs/provision.ts';
import { fail, ok, type Result } from '../result.ts';

import { decodeProto, encodeProto } from './proto-wire.ts';

/** `transport.CredentialsType` values. */
const CREDENTIALS: readonly ProvisionCredentialsType[] = [
  'ACCESS_TOKEN',
  'X509_CERTIFICATE',
  'MQTT_BASIC',
];
/** `transport.ResponseStatus` values. */
const STATUS = { UNKNOWN: 0, SUCCESS: 1, NOT_FOUND: 2, FAILURE: 3 } as const;

interface ProvisionRequestProto {
  deviceName: string;
  credentialsType: number;
  provisionDeviceCredentialsMsg: {
    provisionDeviceKey: string;
    provisionDeviceSecret: string;
  } | null;
  credentialsDataProto: {
    validateDeviceTokenRequestMsg: { token: string } | null;
    validateDeviceX509CertRequestMsg: { hash: string } | null;
    validateBasicMqttCredRequestMsg: {
      clientId: string;
      userName: string;
      password: string;
    } | null;
  } | null;
  gateway: boolean;
}

const given = (s: string | undefined): string | undefined =>
  s === undefined || s === '' ? undefined : s;

/**
 * Decodes a Protobuf provisioning request. It must decode and carry `provisionDeviceCredentialsMsg` (otherwise
 * it is not taken as Protobuf at all); an empty key or secret then gets NOT_FOUND like in JSON.
 */
export function decodeProtoProvisionRequest(bytes: Uint8Array): Result<ProvisionDecoded> {
  const msg = decodeProto<ProvisionRequestProto>('transport.ProvisionDeviceRequestMsg', bytes);
  if (!msg.ok) return msg;
  const m = msg.value;
  const keys = m.provisionDeviceCredentialsMsg;
  if (!keys)
    return fail(
      'schema',
      'Invalid Protobuf ProvisionDeviceRequestMsg: no provisionDeviceCredentialsMsg',
    );
  const credentialsType = CREDENTIALS[m.credentialsType];
  if (credentialsType === undefined) {
    return fail(
      'schema',
      `Unsupported credentialsType ${String(m.credentialsType)} (ACCESS_TOKEN, X509_CERTIFICATE or MQTT_BASIC)`,
    );
  }
  const data = m.credentialsDataProto;
  const basic = data?.validateBasicMqttCredRequestMsg;
  return ok({
    kind: 'request',
    request: {
      provisionDeviceKey: keys.provisionDeviceKey,
      provisionDeviceSecret: keys.provisionDeviceSecret,
      deviceName: given(m.deviceName.trim()),
      credentialsType,
      token: given(data?.validateDeviceTokenRequestMsg?.token),
      clientId: given(basic?.clientId),
      username: given(basic?.userName),
      password: given(basic?.password),
      hash: given(data?.validateDeviceX509CertRequestMsg?.hash),
      gateway: m.gateway,
    },
  });
}

/** The Protobuf reply to a provisioning request. */
export function encodeProtoProvisionResponse(response: ProvisionResponse): Uint8Array {
  if (response.status !== 'SUCCESS') {
    return encodeProto('transport.ProvisionDeviceResponseMsg', { status: STATUS[response.status] });
  }
  const value = response.credentialsValue;
  return encodeProto('transport.ProvisionDeviceResponseMsg', {
    status: STATUS.SUCCESS,
    credentialsType: CREDENTIALS.indexOf(response.credentialsType),
    credentialsValue: typeof value === 'string' ? value : JSON.stringify(value),
  });
}

/** Console side: a provisioning request; credentials go in the sub-message of their type. */
export function encodeProtoProvisionRequest(request: {
  provisionDeviceKey: string;
  provisionDeviceSecret: string;
  deviceName?: string;
  credentialsType?: ProvisionCredentialsType;
  token?: string;
  clientId?: string;
  username?: string;
  password?: string;
  hash?: string;
  gateway?: boolean;
}): Uint8Array {
  const type = request.credentialsType ?? 'ACCESS_TOKEN';
  const data =
    type === 'ACCESS_TOKEN'
      ? { validateDeviceTokenRequestMsg: { token: request.token ?? '' } }
      : type === 'X509_CERTIFICATE'
        ? { validateDeviceX509CertRequestMsg: { hash: request.hash ?? '' } }
        : {
            validateBasicMqttCredRequestMsg: {
              clientId: request.clientId ?? '',
              userName: request.username ?? '',
              password: request.password ?? '',
            },
          };
  return encodeProto('transport.ProvisionDeviceRequestMsg', {
    deviceName: request.deviceName ?? '',
    credentialsType: CREDENTIALS.indexOf(type),
    provisionDeviceCredentialsMsg: {
      provisionDeviceKey: request.provisionDeviceKey,
      provisionDeviceSecret: request.provisionDeviceSecret,
    },
    credentialsDataProto: data,
    gateway: request.gateway ?? false,
  });
}

/** Console side: a Protobuf provisioning reply in the JSON reply's shape (spec §10). */
export function decodeProtoProvisionResponse(bytes: Uint8Array): Result<ProvisionResponse> {
  const msg = decodeProto<{ status: number; credentialsType: number; credentialsValue: string }>(
    'transport.ProvisionDeviceResponseMsg',
    bytes,
  );
  if (!msg.ok) return msg;
  const { status, credentialsType, credentialsValue } = msg.value;
  if (status === STATUS.NOT_FOUND) return ok(PROVISION_NOT_FOUND);
  if (status !== STATUS.SUCCESS) return ok(PROVISION_FAILURE);
  const type = CREDENTIALS[credentialsType];
  if (type !== 'MQTT_BASIC')
    return ok({ status: 'SUCCESS', credentialsType: type ?? 'ACCESS_TOKEN', credentialsValue });
  try {
    const basic = JSON.parse(credentialsValue) as {
      clientId?: string;
      userName?: string;
      password?: string;
    };
    return ok({
      status: 'SUCCESS',
      credentialsType: 'MQTT_BASIC',
      credentialsValue: {
        clientId: basic.clientId ?? '',
        userName: basic.userName ?? '',
        password: basic.password ?? '',
      },
    });
  } catch {
    return fail('schema', 'MQTT_BASIC credentialsValue is not JSON');
  }
}
