/**
 * The operator API's MQTT namespace. NOT part of the ThingsBoard device API: it is the dev broker's own
 * contract standing in for the reference platform's REST API (docs/operator-api.md, ADR 0004).
 */

/** An operator logs in with CONNECT username `operator:<account>` and the account's password. */
export const OPERATOR_USERNAME_PREFIX = 'operator:';

export const OPERATOR_TOPICS = {
  requestPrefix: 'operator/v1/request/',
  responsePrefix: 'operator/v1/response/',
  responseFilter: 'operator/v1/response/+',
  eventsPrefix: 'operator/v1/events/',
  eventsFilter: 'operator/v1/events/#',
  brokerSegment: '_broker',
} as const;

export type OperatorEventKind =
  | 'telemetry'
  | 'attributes'
  | 'session'
  | 'rpc'
  | 'client_rpc'
  | 'claim'
  | 'provision'
  | 'ota'
  | 'error';

export const operatorAccountOf = (username: string | undefined): string | undefined =>
  username?.startsWith(OPERATOR_USERNAME_PREFIX)
    ? username.slice(OPERATOR_USERNAME_PREFIX.length)
    : undefined;

export const operatorResponseTopic = (requestId: string): string =>
  `${OPERATOR_TOPICS.responsePrefix}${requestId}`;
export const operatorRequestTopic = (requestId: string): string =>
  `${OPERATOR_TOPICS.requestPrefix}${requestId}`;

/** `operator/v1/events/{deviceId}/{kind}`; broker-wide events use the device segment `_broker`. */
export const operatorEventTopic = (deviceId: string | null, kind: string): string =>
  `${OPERATOR_TOPICS.eventsPrefix}${deviceId ?? OPERATOR_TOPICS.brokerSegment}/${kind}`;

/** The request id of `operator/v1/request/{requestId}`, or undefined for any other topic. */
export function parseOperatorRequestTopic(topic: string): string | undefined {
  if (!topic.startsWith(OPERATOR_TOPICS.requestPrefix)) return undefined;
  const id = topic.slice(OPERATOR_TOPICS.requestPrefix.length);
  return id.length > 0 && id.length <= 128 && !id.includes('/') ? id : undefined;
}

/** Filters an operator session may subscribe to: its responses, and anything under the events prefix. */
export function isOperatorFilter(filter: string): boolean {
  if (filter === OPERATOR_TOPICS.responseFilter) return true;
  if (!filter.startsWith(OPERATOR_TOPICS.eventsPrefix)) return false;
  const rest = filter.slice(OPERATOR_TOPICS.eventsPrefix.length);
  return (
    rest.length > 0 &&
    rest.split('/').every((part, i, all) => part !== '' && (part !== '#' || i === all.length - 1))
  );
}
