import { DEVICE_TOPICS, GATEWAY_TOPICS, outboundTopic } from '../../src/protocol/topics.ts';

/** Who publishes: a device, a gateway device, or a provision-only session (all MQTT 5). */
export type Sender = 'device' | 'gateway' | 'provision';

/**
 * The documented answer (docs/device-api.md §4, §10; MQTT 5): one of these PUBACK reason codes with
 * the connection left open, or the close (after a PUBACK with `ackThenClose`, after DISCONNECT
 * `disconnect` when given).
 */
export type Expected =
  { codes: number[] } | { closed: true; ackThenClose?: boolean; disconnect?: number };

export interface PayloadCase {
  sender: Sender;
  topic: string;
  kind: string;
  payload: string;
  expected: Expected;
  /** A key the payload carries: stored exactly when the publish was acknowledged with 0x00. */
  marker?: { table: 'telemetry' | 'client'; key: string };
}

const INVALID = { codes: [0x99] };
const ACCEPTED_OR_INVALID = { codes: [0x00, 0x99] };
const TOO_LARGE: Expected = { closed: true, disconnect: 0x95 };
const DEEP = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
/** 100,000 keys: about 1.3 MB, far over the 64 KiB packet limit. */
const manyKeys = (marker: string) =>
  `{"${marker}":1,${Array.from({ length: 100_000 }, (_, i) => `"k${String(i)}":0`).join(',')}}`;

/** What each topic's "wrong types" payload is (valid JSON, wrong shape or field types; `MK`: the marker key). */
const TOPICS: {
  sender: Sender;
  topic: string;
  wrongType: string;
  table?: 'telemetry' | 'client';
  replyTopic?: boolean;
}[] = [
  {
    sender: 'device',
    topic: outboundTopic.telemetry('v1'),
    wrongType: '[{"MK":1},5]',
    table: 'telemetry',
  },
  {
    sender: 'device',
    topic: outboundTopic.telemetry('v2'),
    wrongType: '"scalar"',
    table: 'telemetry',
  },
  {
    sender: 'device',
    topic: outboundTopic.clientAttributes('v1'),
    wrongType: '[{"MK":1}]',
    table: 'client',
  },
  {
    sender: 'device',
    topic: outboundTopic.attributesRequest('v1', 1),
    wrongType: '{"clientKeys":5}',
  },
  { sender: 'device', topic: `${DEVICE_TOPICS.rpcRequestPrefix}1`, wrongType: '{"method":5}' },
  {
    sender: 'device',
    topic: `${DEVICE_TOPICS.rpcResponsePrefix}0`,
    wrongType: '5',
    replyTopic: true,
  },
  { sender: 'device', topic: DEVICE_TOPICS.claim, wrongType: '{"secretKey":5}' },
  { sender: 'device', topic: outboundTopic.otaRequest('fw', 1, 0), wrongType: '"12"' },
  { sender: 'gateway', topic: GATEWAY_TOPICS.connect, wrongType: '{"device":5}' },
  { sender: 'gateway', topic: GATEWAY_TOPICS.disconnect, wrongType: '{"device":[]}' },
  { sender: 'gateway', topic: GATEWAY_TOPICS.telemetry, wrongType: '{"bp-sub":{"a":1}}' },
  { sender: 'gateway', topic: GATEWAY_TOPICS.attributes, wrongType: '{"bp-sub":[1]}' },
  {
    sender: 'gateway',
    topic: GATEWAY_TOPICS.attributesRequest,
    wrongType: '{"id":"x","device":"bp-sub","client":true,"key":"k"}',
  },
  {
    sender: 'gateway',
    topic: GATEWAY_TOPICS.rpc,
    wrongType: '{"device":"bp-sub","id":"x","data":{}}',
  },
  { sender: 'gateway', topic: GATEWAY_TOPICS.claim, wrongType: '{"bp-sub":5}' },
];

/** Every bad payload on every device topic (and the provision topic), with its documented answer. */
export function payloadCases(): PayloadCase[] {
  const cases: PayloadCase[] = [];
  let n = 0;
  for (const t of TOPICS) {
    const add = (kind: string, build: (marker: string) => string, expected: Expected) => {
      const key = `mk_${String(n++)}`;
      const payload = build(key);
      cases.push({
        sender: t.sender,
        topic: t.topic,
        kind,
        payload,
        // a reply to an unknown RPC id is acknowledged and dropped, whatever its text (§4)
        expected: t.replyTopic && 'codes' in expected ? { codes: [0x00] } : expected,
        ...(t.table && payload.includes(key) ? { marker: { table: t.table, key } } : {}),
      });
    };
    add('invalid JSON', (m) => `{"${m}":1,"a":}`, INVALID);
    add('10,000-deep nesting', (m) => `{"${m}":1,"d":${DEEP}}`, INVALID);
    add(
      'huge numbers',
      (m) => `{"${m}":1,"v":1e999999,"w":-1e400,"x":${'9'.repeat(400)}}`,
      ACCEPTED_OR_INVALID,
    );
    add('wrong types', (m) => t.wrongType.replace('MK', m), INVALID);
    add('100,000 keys (over the limit)', manyKeys, TOO_LARGE);
  }
  // provisioning (§10): not a JSON object → no PUBACK and the close; a bad field → PUBACK, then the close
  const provision = (kind: string, payload: string, expected: Expected) =>
    cases.push({
      sender: 'provision',
      topic: DEVICE_TOPICS.provisionRequest,
      kind,
      payload,
      expected,
    });
  provision('invalid JSON', '{"a":}', { closed: true });
  provision('10,000-deep nesting', DEEP, { closed: true });
  provision('wrong types', '{"provisionDeviceKey":5,"provisionDeviceSecret":"s"}', {
    closed: true,
    ackThenClose: true,
  });
  provision('100,000 keys (over the limit)', manyKeys('p'), TOO_LARGE);
  return cases;
}
