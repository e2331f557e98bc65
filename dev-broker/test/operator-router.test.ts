import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { OPERATOR_METHODS } from '../../src/protocol/operator-api.ts';
import type { DevBroker } from '../main.ts';

import { MATRIX } from './support/mqtt-client.ts';
import { connectOperator } from './support/operator-client.ts';
import { eventually, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
const logLines: string[] = [];
beforeAll(async () => {
  broker = await startTestBroker({ logLevel: 'error', logWrite: (line) => logLines.push(line) });
});
afterAll(async () => {
  await broker.close();
});

describe.each(MATRIX)('operator calls over %s, MQTT v%i', (transport, version) => {
  it('PUBACK first, then the reply on operator/v1/response/{id} at QoS 1, without a subscription', async () => {
    const op = await connectOperator(broker, transport, version);
    const reply = await op.raw(
      '{"method":"devices.get","params":{"deviceName":"thermo-1"}}',
      'req-1',
    );
    expect('result' in reply && reply.result).toMatchObject({ name: 'thermo-1' });
    const puback = op.packets.findIndex((p) => p.cmd === 'puback');
    const response = op.packets.findIndex(
      (p) => p.cmd === 'publish' && p.topic === 'operator/v1/response/req-1',
    );
    expect(puback).toBeGreaterThanOrEqual(0);
    expect(response).toBeGreaterThan(puback);
    expect((op.packets[response] as { qos: number }).qos).toBe(1);
    await op.end();
  });

  it('with a QoS 0 subscription to operator/v1/response/+ the reply comes at QoS 0; a QoS 0 request is answered too', async () => {
    const op = await connectOperator(broker, transport, version);
    expect(await op.subscribe({ 'operator/v1/response/+': { qos: 0 } })).toEqual([0]);
    const reply = op.message('operator/v1/response/q0');
    await op.publish('operator/v1/request/q0', '{"method":"profiles.list"}', 0);
    const m = await reply;
    expect(m.qos).toBe(0);
    expect(JSON.parse(m.text)).toHaveProperty('result');
    await op.end();
  });

  it('a device topic from an operator session: acknowledged (v5 0x87), nothing stored, an error event; the session stays', async () => {
    const op = await connectOperator(broker, transport, version);
    const thermo = broker.hub.devices.get('thermo-1').id;
    const ack = (await op
      .publish('v1/devices/me/telemetry', '{"hijack":1}')
      .catch((e: unknown) => e)) as { reasonCode?: number; code?: number; cmd?: string };
    if (version === 5) expect(ack.reasonCode ?? ack.code).toBe(0x87);
    else expect(ack.cmd).toBe('puback');
    expect(broker.hub.telemetry.latest(thermo, ['hijack'])).toEqual([]);
    const event = broker.hub.events.list({ kinds: ['dropped'] })[0];
    expect(event).toMatchObject({
      topic: 'v1/devices/me/telemetry',
      deviceId: null,
      deviceName: 'operator:admin',
    });
    expect(event?.message).toMatch(/an operator session is refused on device topics/);
    expect(op.isClosed()).toBe(false);
    expect('result' in (await op.raw('{"method":"broker.info"}'))).toBe(true);
    await op.end();
  });
});

describe('the request envelope: every invalid call gets a precise INVALID_ARGUMENT', () => {
  it('bad bodies: not JSON, not UTF-8, not an object, no method, extra fields, params not an object', async () => {
    const op = await connectOperator(broker);
    const error = async (payload: string | Buffer) => {
      const id = `e-${String(Math.random()).slice(2)}`;
      const reply = op.message(`operator/v1/response/${id}`);
      await op.publish(`operator/v1/request/${id}`, payload);
      const body = JSON.parse((await reply).text) as {
        error: { code: string; message: string; details?: unknown };
      };
      expect(body.error.code).toBe('INVALID_ARGUMENT');
      return body.error;
    };
    expect((await error('{"method":')).message).toMatch(/^the request is not valid JSON: /);
    expect((await error("{method:'broker.info'}")).message).toMatch(/not valid JSON/); // strict JSON here, unlike device payloads
    expect((await error(Buffer.from([0x7b, 0xff, 0x7d]))).message).toBe(
      'the request is not valid UTF-8',
    );
    expect((await error('[1,2]')).message).toMatch(
      /must be \{"method": string, "params"\?: object\}/,
    );
    expect((await error('{"params":{}}')).message).toMatch(/method: /);
    expect((await error('{"method":"broker.info","id":1}')).message).toMatch(
      /Unrecognized key: "id"/,
    );
    expect((await error('{"method":"devices.list","params":[1]}')).message).toMatch(
      /params must be a JSON object/,
    );
    const unknown = await error('{"method":"devices.explode"}');
    expect(unknown.message).toBe(
      `unknown method "devices.explode"; known methods: ${OPERATOR_METHODS.join(', ')}`,
    );
    expect(unknown.details).toEqual({ methods: OPERATOR_METHODS });
    const params = await error('{"method":"devices.list","params":{"limit":"ten"}}');
    expect(params.message).toBe('invalid params for devices.list: limit: limit must be an integer');
    expect(params.details).toEqual({
      issues: [{ path: ['limit'], code: 'invalid_type', message: 'limit must be an integer' }],
    });
    await op.end();
  });

  it('a request topic without a valid id is refused with v5 0x90 and an error event', async () => {
    const op = await connectOperator(broker, 'tcp', 5);
    const ack = (await op
      .publish('operator/v1/request/a/b', '{"method":"broker.info"}')
      .catch((e: unknown) => e)) as { reasonCode?: number; code?: number };
    expect(ack.reasonCode ?? ack.code).toBe(0x90);
    expect(broker.hub.events.list({ kinds: ['dropped'] })[0]?.message).toMatch(
      /has no valid request id/,
    );
    await op.end();
  });

  it('an unexpected failure is INTERNAL with a safe message; the stack goes to the log', async () => {
    const op = await connectOperator(broker);
    const original = broker.hub.profiles.list.bind(broker.hub.profiles);
    broker.hub.profiles.list = () => {
      throw new Error('disk on fire at /secret/path');
    };
    try {
      const e = await op.fail('profiles.list');
      expect(e).toEqual({
        code: 'INTERNAL',
        message: 'profiles.list failed inside the broker; the broker log has the details',
      });
      await eventually(() =>
        expect(logLines.some((l) => l.includes('disk on fire') && l.includes('ERROR'))).toBe(true),
      );
    } finally {
      broker.hub.profiles.list = original;
    }
    await op.end();
  });
});
