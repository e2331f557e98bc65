import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';
import { HubError } from '../platform/errors.ts';

import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

/** JSON text of an object nested `levels` deep (built as text: encoding it would overflow the stack). */
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** An operator request whose params hold `inner` (JSON text) at `path`. */
const request = (method: string, paramsText: string) =>
  `{"method":${JSON.stringify(method)},"params":${paramsText}}`;

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

describe('operator requests with free JSON nested 10,000 deep get INVALID_ARGUMENT, not INTERNAL', () => {
  const cases: [string, string][] = [
    ['rpc.send', `{"deviceName":"thermo-1","method":"m","params":${deep(10_000)}}`],
    ['rpc.send', `{"deviceName":"thermo-1","method":"m","additionalInfo":${deep(10_000)}}`],
    [
      'attributes.save',
      `{"deviceName":"thermo-1","scope":"SHARED","values":{"k":${deep(10_000)}}}`,
    ],
    [
      'clientRpc.rules.set',
      `{"rules":[{"method":"m","action":{"type":"static","value":${deep(10_000)}}}]}`,
    ],
    ['clientRpc.reply', `{"id":"x","response":${deep(10_000)}}`],
  ];

  it.each(cases)('%s', async (method, params) => {
    const reply = await op.raw(request(method, params));
    expect('error' in reply && reply.error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('deeper than 256 levels') as unknown,
    });
  });

  it('256 levels inside params are accepted, 257 are not; the broker still answers', async () => {
    const ok = await op.raw(
      request(
        'attributes.save',
        `{"deviceName":"thermo-1","scope":"SHARED","values":${deep(255)}}`,
      ),
    );
    expect('result' in ok).toBe(true);
    const refused = await op.raw(
      request(
        'attributes.save',
        `{"deviceName":"thermo-1","scope":"SHARED","values":${deep(256)}}`,
      ),
    );
    expect('error' in refused && refused.error.code).toBe('INVALID_ARGUMENT');
    expect(await op.ok('broker.info')).toMatchObject({ storage: 'memory' });
  });

  it('hub.rpc.send in-process refuses deep params with INVALID_ARGUMENT', async () => {
    let params: unknown = 1;
    for (let i = 0; i < 10_000; i++) params = { a: params };
    const deviceId = broker.hub.devices.get('thermo-1').id;
    const sent = broker.hub.rpc.send({ deviceId, method: 'm', params });
    await expect(sent).rejects.toBeInstanceOf(HubError);
    await expect(sent).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
