import { randomUUID } from 'node:crypto';

import {
  operatorRequestTopic,
  operatorResponseTopic,
} from '../../../src/protocol/operator-topics.ts';
import type { BrokerProcess } from '../broker-process.ts';
import { describe, publishAndWatch } from '../publish-outcome.ts';
import { RawDevice } from '../raw-device.ts';

/** A bad operator request and its documented answer: an error reply with `code`, or the close. */
export interface OperatorCase {
  kind: string;
  payload: string;
  /** Error codes accepted in the reply (`ok`: a result is fine too); `closed`: DISCONNECT 0x95. */
  expected: { codes: string[]; ok?: boolean } | 'closed';
}

const DEEP = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const save = (values: string) =>
  `{"method":"attributes.save","params":{"deviceName":"bp-dev","scope":"SHARED","values":${values}}}`;

export function operatorCases(): OperatorCase[] {
  const invalid = { codes: ['INVALID_ARGUMENT'] };
  return [
    { kind: 'invalid JSON', payload: '{"method":"devices.get",', expected: invalid },
    { kind: '10,000-deep params', payload: save(`{"d":${DEEP}}`), expected: invalid },
    {
      kind: '10,000-deep rpc params',
      payload: `{"method":"rpc.send","params":{"deviceName":"bp-dev","method":"m","params":${DEEP}}}`,
      expected: invalid,
    },
    { kind: 'method of the wrong type', payload: '{"method":5}', expected: invalid },
    {
      kind: 'params of the wrong type',
      payload: '{"method":"rpc.send","params":{"deviceName":"bp-dev","method":5}}',
      expected: invalid,
    },
    { kind: 'values of the wrong type', payload: save('[1]'), expected: invalid },
    {
      kind: 'huge numbers',
      payload: save(`{"h":1e999999,"i":${'9'.repeat(400)}}`),
      expected: { codes: ['INVALID_ARGUMENT'], ok: true },
    },
    {
      kind: '100,000 keys (over the limit)',
      payload: save(
        `{${Array.from({ length: 100_000 }, (_, i) => `"k${String(i)}":0`).join(',')}}`,
      ),
      expected: 'closed',
    },
  ];
}

/** Sends one case from a fresh operator session (MQTT 5); returns what was wrong, or null. */
export async function sendOperatorCase(
  broker: BrokerProcess,
  c: OperatorCase,
): Promise<string | null> {
  const op = await RawDevice.connect({
    url: broker.mqttUrl,
    username: 'operator:admin',
    password: broker.adminPassword,
    version: 5,
  });
  try {
    const id = randomUUID();
    const reply = op
      .waitForMessage((m) => m.topic === operatorResponseTopic(id), 10_000)
      .then(
        (m) => JSON.parse(m.payload.toString()) as { result?: unknown; error?: { code: string } },
        () => null,
      );
    const outcome = await publishAndWatch(op, operatorRequestTopic(id), c.payload);
    if (c.expected === 'closed')
      return outcome.closed && outcome.disconnect === 0x95
        ? null
        : `expected DISCONNECT 0x95 and the close, got ${describe(outcome)}`;
    const answer = await reply;
    if (!answer) return `no reply (${describe(outcome)})`;
    if (answer.error && c.expected.codes.includes(answer.error.code)) return null;
    if (!answer.error && c.expected.ok) return null;
    return `reply ${JSON.stringify(answer).slice(0, 200)}`;
  } finally {
    op.destroy();
  }
}
