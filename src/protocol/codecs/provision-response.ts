/**
 * Device side of provisioning (spec §10): the reply on `/provision/response` read into credentials a
 * device can connect with. Never throws: anything unexpected is UNREADABLE with the text.
 */

export type ProvisionedCredentials =
  | { type: 'ACCESS_TOKEN'; token: string }
  | { type: 'MQTT_BASIC'; clientId: string; userName: string; password: string }
  | { type: 'X509_CERTIFICATE'; certificate: string };

export type ProvisionOutcome =
  | { status: 'SUCCESS'; credentials: ProvisionedCredentials }
  | { status: 'NOT_FOUND' | 'FAILURE'; errorMsg: string }
  | { status: 'UNREADABLE'; errorMsg: string };

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Reads `/provision/response`; never throws. */
export function decodeProvisionResponse(text: string): ProvisionOutcome {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return { status: 'UNREADABLE', errorMsg: `The response is not JSON: ${text}` };
  }
  if (typeof root !== 'object' || root === null) return { status: 'UNREADABLE', errorMsg: text };
  const r = root as Record<string, unknown>;
  if (r.status === 'NOT_FOUND' || r.status === 'FAILURE')
    return { status: r.status, errorMsg: str(r.errorMsg) };
  if (r.status !== 'SUCCESS') return { status: 'UNREADABLE', errorMsg: text };
  const value = r.credentialsValue;
  switch (r.credentialsType) {
    case 'ACCESS_TOKEN':
      return { status: 'SUCCESS', credentials: { type: 'ACCESS_TOKEN', token: str(value) } };
    case 'X509_CERTIFICATE':
      return {
        status: 'SUCCESS',
        credentials: { type: 'X509_CERTIFICATE', certificate: str(value) },
      };
    case 'MQTT_BASIC': {
      const v = (typeof value === 'object' && value !== null ? value : {}) as Record<
        string,
        unknown
      >;
      return {
        status: 'SUCCESS',
        credentials: {
          type: 'MQTT_BASIC',
          clientId: str(v.clientId),
          userName: str(v.userName),
          password: str(v.password),
        },
      };
    }
    default:
      return { status: 'UNREADABLE', errorMsg: text };
  }
}
