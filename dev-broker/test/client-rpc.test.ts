import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { MATRIX, connectDevice } from './support/mqtt-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
beforeAll(async () => {
  broker = await startTestBroker({ config: { settings: { clientRpc: { timeoutMs: 300 } } } });
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('client-side RPC over %s, MQTT v%i (spec §8)', (transport, version) => {
  it('example 19: getTime answers on the same id after the PUBACK, without a subscription', async () => {
    const c = await connectDevice(broker, transport, version, { username: 'O1' });
    const before = Date.now();
    await c.publish('v1/devices/me/rpc/request/5', '{"method":"getTime","params":{}}');
    const reply = JSON.parse((await c.message('v1/devices/me/rpc/response/5')).text) as {
      time: string;
      ts: number;
    };
    expect(reply.ts).toBeGreaterThanOrEqual(before);
    expect(new Date(reply.time).getTime()).toBe(reply.ts);
    expect(reply.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await c.end();
  });

  it('example 20: getSessionLimits on v2/r/req/j answers on v2/r/res/j', async () => {
    const c = await connectDevice(broker, transport, version, { username: 'O1' });
    await c.publish('v2/r/req/j/6', '{"method":"getSessionLimits"}');
    expect(JSON.parse((await c.message('v2/r/res/j/6')).text)).toEqual({
      maxPayloadSize: 65536,
      maxInflightMessages: 100,
      rateLimits: {},
    });
    await c.end();
  });
});

describe('client-side RPC rules, live answers and timeouts (spec §8, example 21)', () => {
  it('no rule, no answer → {"error":"timeout"} after clientRpc.timeoutMs', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/rpc/request/7', '{"method":"calibrate","params":{"x":1}}');
    expect((await c.message('v1/devices/me/rpc/response/7')).text).toBe('{"error":"timeout"}');
    await c.end();
  });

  it('an echo rule returns the request payload unchanged; error and static rules; delay', async () => {
    broker.hub.clientRpc.setRules([
      { method: 'calibrate', deviceId: null, action: { type: 'echo' } },
      { method: 'fail', deviceId: null, action: { type: 'error', message: 'nope' } },
      {
        method: 'cfg',
        deviceId: null,
        action: { type: 'static', value: { interval: 5 } },
        delayMs: 50,
      },
    ]);
    const c = await connectDevice(broker, 'tcp', 5, { username: 'O1' });
    const request = '{"method":"calibrate","params":{"x":1}}';
    await c.publish('v2/r/req/8', request);
    expect((await c.message('v2/r/res/8')).text).toBe(request);
    await c.publish('v2/r/req/9', '{"method":"fail"}');
    expect((await c.message('v2/r/res/9')).text).toBe('{"error":"nope"}');
    await c.publish('v2/r/req/10', '{"method":"cfg"}');
    expect(JSON.parse((await c.message('v2/r/res/10')).text)).toEqual({ interval: 5 });
    broker.hub.clientRpc.setRules([]);
    await c.end();
  });

  it('a pending request can be answered live by the operator', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    const seen = new Promise<string>((resolve) => {
      const off = broker.hub.clientRpc.onPending((p) => {
        off();
        resolve(p.id);
      });
    });
    await c.publish('v1/devices/me/rpc/request/11', '{"method":"askOperator","params":{"q":1}}');
    const id = await seen;
    expect(broker.hub.clientRpc.pending().find((p) => p.id === id)?.params).toEqual({ q: 1 });
    broker.hub.clientRpc.reply(id, { answer: 42 });
    expect(JSON.parse((await c.message('v1/devices/me/rpc/response/11')).text)).toEqual({
      answer: 42,
    });
    expect(() => broker.hub.clientRpc.reply(id, {})).toThrow(/not found/);
    await c.end();
  });

  it('{"params":{}} without a method is an invalid payload and closes a 3.1.1 connection', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/rpc/request/12', '{"params":{}}').catch(() => undefined);
    await c.closed;
    expect(c.packets.some((p) => p.cmd === 'puback')).toBe(false);
  });

  it('a non-integer id segment is an invalid payload', async () => {
    const c = await connectDevice(broker, 'tcp', 4, { username: 'O1' });
    await c.publish('v1/devices/me/rpc/request/abc', '{"method":"getTime"}').catch(() => undefined);
    await c.closed;
  });
});
