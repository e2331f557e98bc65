import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice, type TestClient } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker({
    config: {
      settings: {
        rpcAckTimeoutMs: 300,
        rpc: { minTimeoutMs: 100 },
        clientRpc: { timeoutMs: 3000 },
      },
    },
  });
  op = await connectOperator(broker, 'tcp', 5);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

async function rpcDevice(name: string): Promise<TestClient> {
  await op.ok('devices.create', { name, token: `TOK-${name}` });
  const c = await connectDevice(broker, 'tcp', 4, { username: `TOK-${name}` });
  await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
  return c;
}

describe('rpc.send', () => {
  it('two-way: returns the device reply (JSON, or text when it is not JSON)', async () => {
    const c = await rpcDevice('rpc-a');
    const call = op.ok('rpc.send', {
      deviceName: 'rpc-a',
      method: 'getState',
      params: { full: true },
    });
    expect(JSON.parse((await c.message('v1/devices/me/rpc/request/0')).text)).toEqual({
      method: 'getState',
      params: { full: true },
    });
    await c.publish('v1/devices/me/rpc/response/0', '{"state":"on"}');
    expect(await call).toEqual({ kind: 'reply', json: true, response: { state: 'on' } });
    const text = op.ok('rpc.send', { deviceName: 'rpc-a', method: 'ping' });
    await c.message('v1/devices/me/rpc/request/1');
    await c.publish('v1/devices/me/rpc/response/1', 'pong {');
    expect(await text).toEqual({ kind: 'reply', json: false, response: 'pong {' });
    await c.end();
  });

  it('one-way: delivered once the device acknowledges', async () => {
    const c = await rpcDevice('rpc-b');
    expect(await op.ok('rpc.send', { deviceName: 'rpc-b', method: 'blink', oneway: true })).toEqual(
      { kind: 'delivered' },
    );
    expect(JSON.parse((await c.message('v1/devices/me/rpc/request/0')).text)).toEqual({
      method: 'blink',
      params: {},
    });
    await c.end();
  });

  it('a device that does not answer in time: DEADLINE_EXCEEDED', async () => {
    const c = await rpcDevice('rpc-c');
    const error = await op.fail('rpc.send', { deviceName: 'rpc-c', method: 'slow', timeout: 200 });
    expect(error).toEqual({
      code: 'DEADLINE_EXCEEDED',
      message: 'RPC slow timed out: the device did not answer in time',
    });
    await c.end();
  });

  it('a waiting two-way call does not hold up other calls of the same session', async () => {
    const c = await rpcDevice('rpc-d');
    const slow = op.ok('rpc.send', { deviceName: 'rpc-d', method: 'wait', timeout: 5000 });
    await c.message('v1/devices/me/rpc/request/0');
    const order: string[] = [];
    void slow.then(() => order.push('rpc'));
    await op.ok('devices.get', { deviceName: 'rpc-d' });
    order.push('devices.get');
    await op.ok('broker.info');
    order.push('broker.info');
    await c.publish('v1/devices/me/rpc/response/0', '{"done":1}');
    expect(await slow).toMatchObject({ response: { done: 1 } });
    expect(order).toEqual(['devices.get', 'broker.info', 'rpc']);
    await c.end();
  });

  it('errors: NOT_FOUND device, INVALID_ARGUMENT method/retries/timeout', async () => {
    expect((await op.fail('rpc.send', { deviceName: 'ghost', method: 'x' })).code).toBe(
      'NOT_FOUND',
    );
    expect((await op.fail('rpc.send', { deviceName: 'thermo-1', method: '' })).message).toMatch(
      /method must not be empty/,
    );
    expect(
      (await op.fail('rpc.send', { deviceName: 'thermo-1', method: 'x', retries: 1 })).message,
    ).toMatch(/retries applies only to persistent RPCs/);
    expect(
      (await op.fail('rpc.send', { deviceName: 'thermo-1', method: 'x', timeout: 0 })).message,
    ).toMatch(/timeout must be at least 1 ms/);
    expect(
      (await op.fail('rpc.send', { deviceName: 'thermo-1', method: 'x', oneway: 'yes' })).message,
    ).toMatch(/oneway must be true or false/);
  });
});

describe('persistent RPC: rpc.send, rpc.get, rpc.list, rpc.delete', () => {
  it('queued for an offline device, listed, read back and deleted', async () => {
    await op.ok('devices.create', { name: 'rpc-p', token: 'TOK-rpc-p' });
    const sent = await op.ok('rpc.send', {
      deviceName: 'rpc-p',
      method: 'reboot',
      params: { delay: 1 },
      persistent: true,
      retries: 2,
      timeout: 60_000,
      additionalInfo: { by: 'test' },
    });
    if (sent.kind !== 'persistent') throw new Error('expected a persistent rpc');
    expect(sent.status).toBe('QUEUED');
    const rpc = await op.ok('rpc.get', { rpcId: sent.rpcId });
    expect(rpc).toMatchObject({
      rpcId: sent.rpcId,
      method: 'reboot',
      params: { delay: 1 },
      status: 'QUEUED',
      retries: 2,
      attempts: 0,
      response: null,
      additionalInfo: { by: 'test' },
      oneway: false,
    });
    const second = await op.ok('rpc.send', {
      deviceName: 'rpc-p',
      method: 'other',
      persistent: true,
      expirationTime: Date.now() - 1,
    });
    expect(second).toMatchObject({ kind: 'persistent', status: 'EXPIRED' });
    const list = await op.ok('rpc.list', { deviceName: 'rpc-p' });
    expect(list).toMatchObject({ total: 2, hasNext: false });
    expect(
      (await op.ok('rpc.list', { deviceName: 'rpc-p', statuses: ['QUEUED'] })).items.map(
        (r) => r.method,
      ),
    ).toEqual(['reboot']);
    expect((await op.ok('rpc.list', { deviceName: 'rpc-p', limit: 1 })).hasNext).toBe(true);
    expect(await op.ok('rpc.delete', { rpcId: sent.rpcId })).toMatchObject({
      rpcId: sent.rpcId,
      status: 'DELETED',
    });
    // a deleted RPC is never sent
    const c = await connectDevice(broker, 'tcp', 4, { username: 'TOK-rpc-p' });
    await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
    await expect(c.message('v1/devices/me/rpc/request/0', 300)).rejects.toThrow(/no message/);
    await c.end();
  });

  it('errors: NOT_FOUND rpc and device, INVALID_ARGUMENT statuses', async () => {
    expect(await op.fail('rpc.get', { rpcId: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'rpc nope was not found',
    });
    expect((await op.fail('rpc.delete', { rpcId: 'nope' })).code).toBe('NOT_FOUND');
    expect((await op.fail('rpc.list', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    expect(
      (await op.fail('rpc.list', { deviceName: 'thermo-1', statuses: ['DONE'] })).message,
    ).toMatch(/every status must be one of QUEUED/);
    expect((await op.fail('rpc.get', {})).message).toMatch(/rpcId/);
  });
});

describe('clientRpc.*', () => {
  it('rules: set (by device name or for all), list, and the device gets the rule answers', async () => {
    const thermo = await op.ok('devices.get', { deviceName: 'thermo-1' });
    const rules = await op.ok('clientRpc.rules.set', {
      rules: [
        {
          method: 'cfg',
          deviceName: 'thermo-1',
          action: { type: 'static', value: { interval: 5 } },
        },
        { method: 'cfg', action: { type: 'static', value: { interval: 60 } } },
        { method: 'echoMe', action: { type: 'echo' }, delayMs: 10 },
        { method: 'fail', action: { type: 'error', message: 'not today' } },
      ],
    });
    expect(rules[0]).toEqual({
      method: 'cfg',
      deviceId: thermo.id,
      action: { type: 'static', value: { interval: 5 } },
    });
    expect(await op.ok('clientRpc.rules.list')).toEqual(rules);
    const t = await connectDevice(broker, 'tcp', 5, { username: 'T1' });
    await t.publish('v1/devices/me/rpc/request/1', '{"method":"cfg"}');
    expect(JSON.parse((await t.message('v1/devices/me/rpc/response/1')).text)).toEqual({
      interval: 5,
    });
    await t.publish('v2/r/req/2', '{"method":"fail"}');
    expect((await t.message('v2/r/res/2')).text).toBe('{"error":"not today"}');
    const o = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await o.publish('v1/devices/me/rpc/request/3', '{"method":"cfg"}');
    expect(JSON.parse((await o.message('v1/devices/me/rpc/response/3')).text)).toEqual({
      interval: 60,
    });
    await o.publish('v1/devices/me/rpc/request/4', '{"method":"echoMe","params":[1]}');
    expect((await o.message('v1/devices/me/rpc/response/4')).text).toBe(
      '{"method":"echoMe","params":[1]}',
    );
    expect(await op.ok('clientRpc.rules.set', { rules: [] })).toEqual([]);
    await Promise.all([t.end(), o.end()]);
  });

  it('rules.set errors: NOT_FOUND device, bad action, bad delay, static without value', async () => {
    expect(
      (
        await op.fail('clientRpc.rules.set', {
          rules: [{ method: 'm', deviceName: 'ghost', action: { type: 'echo' } }],
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await op.fail('clientRpc.rules.set', {
          rules: [{ method: 'm', action: { type: 'reply' } }],
        })
      ).message,
    ).toMatch(/rules\.0\.action\.type: action\.type must be static, echo or error/);
    expect(
      (
        await op.fail('clientRpc.rules.set', {
          rules: [{ method: 'm', action: { type: 'echo' }, delayMs: -1 }],
        })
      ).message,
    ).toMatch(/delayMs must be 0 or more/);
    expect(
      (
        await op.fail('clientRpc.rules.set', {
          rules: [{ method: 'm', action: { type: 'static' } }],
        })
      ).message,
    ).toMatch(/a static action needs a value/);
    expect((await op.fail('clientRpc.rules.set', {})).message).toMatch(/rules/);
  });

  it('pending requests are listed and answered live; a second answer is NOT_FOUND', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/rpc/request/9', '{"method":"askOperator","params":{"q":1}}');
    const pending = await eventually(() => {
      const found = broker.hub.clientRpc.pending();
      expect(found).toHaveLength(1);
      return found;
    });
    const listed = await op.ok('clientRpc.pending', { deviceName: 'other-1' });
    expect(listed).toEqual([
      expect.objectContaining({
        id: pending[0]?.id,
        deviceName: 'other-1',
        requestId: 9,
        method: 'askOperator',
        params: { q: 1 },
      }),
    ]);
    expect(await op.ok('clientRpc.pending', { deviceName: 'thermo-1' })).toEqual([]);
    const id = listed[0]?.id ?? '';
    expect(await op.ok('clientRpc.reply', { id, response: { answer: 42 } })).toEqual({
      id,
      answered: true,
    });
    expect(JSON.parse((await c.message('v1/devices/me/rpc/response/9')).text)).toEqual({
      answer: 42,
    });
    const again = await op.fail('clientRpc.reply', { id, response: {} });
    expect(again).toMatchObject({ code: 'NOT_FOUND' });
    expect(again.message).toMatch(/may have timed out/);
    expect((await op.fail('clientRpc.reply', { id })).message).toMatch(/response is required/);
    expect((await op.fail('clientRpc.pending', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    await c.end();
  });
});
