import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EventDto } from '../../src/protocol/operator-dto.ts';
import { operatorEventTopic } from '../../src/protocol/operator-topics.ts';
import type { DevBroker } from '../main.ts';

import {
  faultDevice,
  markerRoundTrip,
  publishTelemetry,
  pubackIds,
} from './support/fault-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker);
});
afterAll(async () => {
  op.client.end(true);
  await broker.close();
});

describe('operator API faults.* (docs/operator-api.md, ADR 0011)', () => {
  it('adds a rule, lists it, fires it with an event on the device error channel, removes it', async () => {
    const c = await faultDevice(broker, 'op-fault');
    const deviceId = broker.hub.devices.get('op-fault').id;
    const errorTopic = operatorEventTopic(deviceId, 'error');
    await op.subscribe({ [errorTopic]: { qos: 1 } });
    const rule = await op.ok('faults.add', { kind: 'puback.drop', device: 'op-fault', count: 2 });
    expect(rule).toMatchObject({
      kind: 'puback.drop',
      device: 'op-fault',
      remaining: 2,
      fired: 0,
    });
    expect(await op.ok('faults.list')).toEqual([rule]);

    const lost = await publishTelemetry(c, { t: 1 });
    const event = JSON.parse((await op.message(errorTopic)).text) as EventDto;
    expect(event).toMatchObject({
      kind: 'fault_injected',
      deviceName: 'op-fault',
      message: `injected: PUBACK dropped for op-fault (rule ${rule.id}, 1 left)`,
    });
    expect((await op.ok('faults.list'))[0]).toMatchObject({ remaining: 1, fired: 1 });
    expect(await op.ok('faults.remove', { id: rule.id })).toEqual({ id: rule.id, removed: true });
    await markerRoundTrip(c);
    expect(pubackIds(c)).not.toContain(lost);
    expect(
      await op.ok('events.list', { deviceName: 'op-fault', kinds: ['fault_injected'] }),
    ).toHaveLength(1);
    c.client.end(true);
  });

  it('answers mistakes with the field and the reason', async () => {
    expect(await op.fail('faults.add', { kind: 'puback.delay' })).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'invalid params for faults.add: ms: ms must be an integer',
    });
    expect(await op.fail('faults.add', { kind: 'puback.drop', device: 'ghost' })).toEqual({
      code: 'NOT_FOUND',
      message: 'device ghost was not found',
    });
    expect(await op.fail('faults.remove', { id: 'f999' })).toEqual({
      code: 'NOT_FOUND',
      message: 'fault rule f999 was not found',
    });
  });

  it('faults.clear removes every rule; a spent session.close comes back with what it did', async () => {
    const c = await faultDevice(broker, 'op-close');
    const closed = await op.ok('faults.add', {
      kind: 'session.close',
      device: 'op-close',
      count: 1,
    });
    expect(closed).toMatchObject({ remaining: 0, fired: 1 });
    await c.closed;
    await op.ok('faults.add', { kind: 'downlink.drop' });
    await op.ok('faults.add', { kind: 'ota.slow', ms: 10 });
    expect(await op.ok('faults.clear')).toEqual({ removed: 2 });
    expect(await op.ok('faults.list')).toEqual([]);
    expect(op.isClosed()).toBe(false);
  });

  it('broker.reset removes every rule with the rest of the test state', async () => {
    await op.ok('faults.add', { kind: 'puback.drop' });
    await op.ok('broker.reset');
    expect(await op.ok('faults.list')).toEqual([]);
  });
});
