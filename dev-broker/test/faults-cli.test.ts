import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runIothub } from '../cli/iothub/run-iothub.ts';
import type { DevBroker } from '../main.ts';

import { ensureDevice } from './support/fault-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker();
  await ensureDevice(broker, 'cli-pump');
});
afterAll(async () => {
  await broker.close();
});

/** Runs `iothub` in this process against the test broker. */
async function iothub(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env = { IOTHUB_URL: broker.mqttUrl, IOTHUB_ADMIN_PASSWORD: broker.admin.password };
  const code = await runIothub(
    argv,
    env,
    { out: (t) => (out += t), err: (t) => (err += t) },
    new Promise<void>(() => undefined),
  );
  return { code, out, err };
}

describe('npx iothub faults (ADR 0011)', () => {
  it('add, list, remove and clear, in plain words', async () => {
    const added = await iothub(
      'faults',
      'add',
      'puback.drop',
      '--device',
      'cli-pump',
      '--count',
      '2',
    );
    expect(added).toEqual({
      code: 0,
      out: 'added f1: drop the PUBACK of publishes (the data is still stored) — cli-pump, 2 more times\n',
      err: '',
    });
    expect(broker.faults.list()).toMatchObject([{ id: 'f1', kind: 'puback.drop', remaining: 2 }]);
    await iothub('faults', 'add', 'connect.refuse', '--code', '0x8A');
    await iothub('faults', 'add', 'downlink.delay', '--which', 'rpc', '--ms', '1500');
    expect(broker.faults.list().map((r) => r.kind === 'connect.refuse' && r.code)).toContain(0x8a);
    const list = await iothub('faults', 'list');
    expect(list.out.split('\n')).toEqual([
      'ID  KIND            DEVICE          LEFT           FIRED  WHAT',
      'f1  puback.drop     cli-pump        2              0      drop the PUBACK of publishes (the data is still stored)',
      'f2  connect.refuse  (every device)  until removed  0      refuse CONNECT with code 0x8A',
      'f3  downlink.delay  (every device)  until removed  0      delay RPC requests by 1500 ms',
      '',
    ]);
    expect((await iothub('faults', 'remove', 'f2')).out).toBe('removed f2\n');
    expect((await iothub('faults', 'clear')).out).toBe('removed 2 rule(s)\n');
    expect((await iothub('faults', 'list')).out).toBe('(no fault rules)\n');
  });

  it('passes ota.error codes as text, and --json prints the rule', async () => {
    const run = await iothub('faults', 'add', 'ota.error', '--code', 'NOT_FOUND', '--json');
    expect(JSON.parse(run.out)).toMatchObject({
      kind: 'ota.error',
      code: 'NOT_FOUND',
      device: null,
    });
    broker.faults.clear();
  });

  it('reports mistakes: the API names the field, usage errors exit 2', async () => {
    const bad = await iothub('faults', 'add', 'puback.delay');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'iothub: INVALID_ARGUMENT: invalid params for faults.add: ms: ms must be an integer\n',
    );
    const ghost = await iothub('faults', 'remove', 'f99');
    expect(ghost).toMatchObject({
      code: 1,
      err: 'iothub: NOT_FOUND: fault rule f99 was not found\n',
    });
    const usage = await iothub('faults', 'explode');
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(
      /^iothub: faults needs one of add, list, remove, clear, not "explode"/,
    );
  });
});
