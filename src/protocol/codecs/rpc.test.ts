import { describe, expect, it } from 'vitest';

import { toCompactJson } from '../lenient-json.ts';

import {
  decodeClientRpcRequest,
  decodeRpcReply,
  decodeSessionLimits,
  encodeGetTimeReply,
  encodeRpcRequest,
  encodeSessionLimits,
} from './rpc.ts';

describe('decodeClientRpcRequest (spec §8)', () => {
  it('example 19: getTime with params {}', () => {
    expect(decodeClientRpcRequest('{"method":"getTime","params":{}}')).toEqual({
      ok: true,
      value: { method: 'getTime', params: { type: 'object', entries: [] } },
    });
  });

  it('example 20: params is optional', () => {
    expect(decodeClientRpcRequest('{"method":"getSessionLimits"}')).toEqual({
      ok: true,
      value: { method: 'getSessionLimits', params: undefined },
    });
  });

  it('example 21: params of any JSON, passed through as written', () => {
    const r = decodeClientRpcRequest('{"method":"calibrate","params":{"x":1}}');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.method).toBe('calibrate');
    expect(r.value.params && toCompactJson(r.value.params)).toBe('{"x":1}');
    expect(decodeClientRpcRequest('{method:calibrate,params:null}')).toEqual({
      ok: true,
      value: { method: 'calibrate', params: { type: 'null' } },
    });
  });

  it.each([
    ['{"params":{}}', 'RPC request has no "method"'],
    ['{"method":5}', '"method" must be a string, got a number'],
    ['{"method":null}', '"method" must be a string, got null'],
    ['{"method":{"name":"x"}}', '"method" must be a string, got an object'],
    ['[]', 'RPC request must be a JSON object, got an array'],
    ['', 'RPC request must be a JSON object, got null'],
    ['"getTime"', 'RPC request must be a JSON object, got a string'],
  ])('example 21 and others: %j is invalid', (text, message) => {
    expect(decodeClientRpcRequest(text)).toEqual({ ok: false, error: { kind: 'schema', message } });
  });

  it('rejects unparseable text as bad-json', () => {
    expect(decodeClientRpcRequest('{"method":}')).toEqual({
      ok: false,
      error: { kind: 'bad-json', message: "Unexpected '}' at position 10: expected a value" },
    });
  });
});

describe('server-side RPC payloads (spec §7)', () => {
  it('example 15: the request is exactly {"method":…,"params":…} with no id', () => {
    expect(encodeRpcRequest('setGpio', '{"pin":23,"value":1}')).toBe(
      '{"method":"setGpio","params":{"pin":23,"value":1}}',
    );
    expect(encodeRpcRequest('get"State', '{}')).toBe('{"method":"get\\"State","params":{}}');
  });

  it('example 16: a JSON reply stays JSON', () => {
    const reply = decodeRpcReply('{"state":"on"}');
    expect(reply).toEqual({
      json: true,
      value: { type: 'object', entries: [['state', { type: 'string', value: 'on' }]] },
    });
  });

  it('reads any lenient JSON value as JSON, and the rest as text', () => {
    expect(decodeRpcReply('42')).toEqual({ json: true, value: { type: 'number', raw: '42' } });
    expect(decodeRpcReply('ok')).toEqual({ json: true, value: { type: 'string', value: 'ok' } });
    expect(decodeRpcReply('{state:on}')).toMatchObject({ json: true });
    expect(decodeRpcReply('hello world')).toEqual({ json: false, text: 'hello world' });
    expect(decodeRpcReply('{"a":')).toEqual({ json: false, text: '{"a":' });
    expect(decodeRpcReply('')).toEqual({ json: false, text: '' });
    expect(decodeRpcReply('  ')).toEqual({ json: false, text: '  ' });
  });
});

describe('built-in client-side RPC replies (spec §8)', () => {
  it('example 19: getTime gives the same instant as ISO text and epoch ms', () => {
    expect(encodeGetTimeReply(1782986400000)).toBe(
      '{"time":"2026-07-02T10:00:00.000Z","ts":1782986400000}',
    );
    const reply = JSON.parse(encodeGetTimeReply(1451649600512)) as { time: string; ts: number };
    expect(reply).toEqual({ time: '2016-01-01T12:00:00.512Z', ts: 1451649600512 });
    expect(Date.parse(reply.time)).toBe(reply.ts);
  });

  it('example 20: no rate limits configured gives "rateLimits":{}', () => {
    expect(
      encodeSessionLimits({ maxPayloadSize: 65536, maxInflightMessages: 100, rateLimits: {} }),
    ).toBe('{"maxPayloadSize":65536,"maxInflightMessages":100,"rateLimits":{}}');
  });

  it('lists only the configured limits, in a fixed order', () => {
    expect(
      encodeSessionLimits({
        maxPayloadSize: 1024,
        maxInflightMessages: 5,
        rateLimits: {
          telemetryDataPoints: '100:60',
          messages: '20:600,100:3600',
          telemetryMessages: undefined,
        },
      }),
    ).toBe(
      '{"maxPayloadSize":1024,"maxInflightMessages":5,"rateLimits":{"messages":"20:600,100:3600","telemetryDataPoints":"100:60"}}',
    );
  });

  it('adds gatewayRateLimits for a gateway', () => {
    expect(
      encodeSessionLimits({
        maxPayloadSize: 65536,
        maxInflightMessages: 100,
        rateLimits: { messages: '10:1' },
        gatewayRateLimits: { messages: '', telemetryMessages: '50:60' },
      }),
    ).toBe(
      '{"maxPayloadSize":65536,"maxInflightMessages":100,"rateLimits":{"messages":"10:1"},"gatewayRateLimits":{"telemetryMessages":"50:60"}}',
    );
  });
});

describe('decodeSessionLimits', () => {
  it('reads the limits the broker encodes, and refuses a reply without a payload size', () => {
    const text = encodeSessionLimits({
      maxPayloadSize: 65536,
      maxInflightMessages: 100,
      rateLimits: {},
    });
    expect(decodeSessionLimits(text)).toEqual({
      ok: true,
      value: { maxPayloadSize: 65536, maxInflightMessages: 100 },
    });
    expect(decodeSessionLimits('{"error":"timeout"}').ok).toBe(false);
    expect(decodeSessionLimits('not json').ok).toBe(false);
  });
});
