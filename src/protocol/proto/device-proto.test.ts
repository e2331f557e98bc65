import { describe, expect, it } from 'vitest';

import { DEFAULT_TYPING } from '../kv-typing.ts';

import {
  decodeProtoAttributeResponse,
  decodeProtoClientRpcReply,
  decodeProtoRpcRequest,
  decodeProtoSharedPush,
  encodeProtoAttributeResponse,
  encodeProtoClientRpcReply,
  encodeProtoRpcRequest,
  encodeProtoSharedDeleted,
  encodeProtoSharedUpdate,
} from './device-downlink.ts';
import {
  decodeProtoAttributeRequest,
  decodeProtoAttributes,
  decodeProtoClaim,
  decodeProtoClientRpcRequest,
  decodeProtoRpcReply,
  decodeProtoTelemetry,
  encodeProtoAttributeRequest,
  encodeProtoAttributes,
  encodeProtoClaim,
  encodeProtoClientRpcRequest,
  encodeProtoRpcReply,
  encodeProtoTelemetry,
} from './device-uplink.ts';
import { encodeProto } from './proto-wire.ts';

/** Hand-written wire bytes, independent of our schema: tag = field << 3 | wire type. */
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
};
const num = (field: number, value: number | bigint): number[] => [
  field << 3,
  ...varint(BigInt(value)),
];
const len = (field: number, body: number[] | string): number[] => {
  const bytes = typeof body === 'string' ? [...new TextEncoder().encode(body)] : body;
  return [(field << 3) | 2, ...varint(BigInt(bytes.length)), ...bytes];
};
const bytes = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const NOW = 1_700_000_000_000;

describe('KeyValueProto wire form (reference field numbers)', () => {
  it('key = 1, type = 2, bool_v = 3, long_v = 4, double_v = 5, string_v = 6, json_v = 7', () => {
    const kv = (...fields: number[][]) => len(2, [...len(1, 'k'), ...fields.flat()]);
    const msg = bytes(
      len(1, [...num(1, 1000), ...kv(num(2, 0), num(3, 1))]),
      len(1, [...num(1, 1000), ...len(2, [...len(1, 'l'), ...num(2, 1), ...num(4, -5n)])]),
      len(1, [
        ...len(2, [
          ...len(1, 'd'),
          ...num(2, 2),
          (5 << 3) | 1,
          ...new Uint8Array(new Float64Array([2.5]).buffer),
        ]),
      ]),
      len(1, [...len(2, [...len(1, 's'), ...num(2, 3), ...len(6, 'x')])]),
      len(1, [...len(2, [...len(1, 'j'), ...num(2, 4), ...len(7, '{"a": [1, 2]}')])]),
    );
    expect(decodeProtoTelemetry(msg, NOW, DEFAULT_TYPING)).toEqual({
      ok: true,
      value: [
        { key: 'k', value: { type: 'BOOLEAN', value: true }, ts: 1000 },
        { key: 'l', value: { type: 'LONG', value: -5n }, ts: 1000 },
        { key: 'd', value: { type: 'DOUBLE', value: 2.5 }, ts: NOW },
        { key: 's', value: { type: 'STRING', value: 'x' }, ts: NOW },
        { key: 'j', value: { type: 'JSON', value: '{"a":[1,2]}' }, ts: NOW },
      ],
    });
  });

  it('encodes exactly the bytes the reference expects', () => {
    const encoded = encodeProtoAttributes([{ key: 't', value: { type: 'LONG', value: 42n } }]);
    expect(hex(encoded)).toBe(hex(bytes(len(1, [...len(1, 't'), ...num(2, 1), ...num(4, 42)]))));
  });
});

describe('telemetry and attributes (spec §5, §6.1 in Protobuf)', () => {
  it('keeps the whole int64 range as LONG and takes values without a numeric-string cast', () => {
    const points = decodeProtoTelemetry(
      encodeProtoTelemetry([
        {
          entries: [
            { key: 'max', value: { type: 'LONG', value: 9223372036854775807n } },
            { key: 'min', value: { type: 'LONG', value: -9223372036854775808n } },
            { key: 'str', value: { type: 'STRING', value: '42' } },
          ],
        },
      ]),
      NOW,
      DEFAULT_TYPING,
    );
    expect(points.ok && points.value.map((p) => p.value)).toEqual([
      { type: 'LONG', value: 9223372036854775807n },
      { type: 'LONG', value: -9223372036854775808n },
      { type: 'STRING', value: '42' },
    ]);
  });

  it('the later of two equal key/ts points wins', () => {
    const msg = encodeProtoTelemetry([
      { ts: 5, entries: [{ key: 'a', value: { type: 'LONG', value: 1n } }] },
      { ts: 5, entries: [{ key: 'a', value: { type: 'LONG', value: 2n } }] },
    ]);
    expect(decodeProtoTelemetry(msg, NOW, DEFAULT_TYPING)).toEqual({
      ok: true,
      value: [{ key: 'a', ts: 5, value: { type: 'LONG', value: 2n } }],
    });
  });

  it.each([
    ['an empty message', new Uint8Array(), /TsKv list is empty/],
    [
      'a list without values',
      encodeProto('transport.PostTelemetryMsg', { tsKvList: [{ ts: 1 }] }),
      /KeyValue list is empty/,
    ],
    [
      'an empty key',
      encodeProto('transport.PostTelemetryMsg', { tsKvList: [{ kv: [{ key: '', type: 0 }] }] }),
      /key must not be empty/,
    ],
    [
      'an empty STRING_V',
      encodeProto('transport.PostTelemetryMsg', { tsKvList: [{ kv: [{ key: 'a', type: 3 }] }] }),
      /Value is empty/,
    ],
    [
      'a JSON_V that does not parse',
      encodeProto('transport.PostTelemetryMsg', {
        tsKvList: [{ kv: [{ key: 'a', type: 4, json_v: '{"a":}' }] }],
      }),
      /Can't parse JSON_V/,
    ],
    [
      'an unknown type',
      bytes(len(1, len(2, [...len(1, 'a'), ...num(2, 9)]))),
      /Unsupported KeyValueType 9/,
    ],
    [
      'a NaN DOUBLE',
      encodeProto('transport.PostTelemetryMsg', {
        tsKvList: [{ kv: [{ key: 'a', type: 2, double_v: Number.NaN }] }],
      }),
      /not a finite/,
    ],
    ['truncated bytes', Uint8Array.from([0x0a, 0x05, 0x08]), /Invalid Protobuf PostTelemetryMsg/],
    [
      'JSON text',
      new TextEncoder().encode('{"temperature":42}'),
      /Invalid Protobuf PostTelemetryMsg/,
    ],
  ])('%s is invalid', (_what, payload, error) => {
    const result = decodeProtoTelemetry(payload, NOW, DEFAULT_TYPING);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(error);
  });

  it('applies maxStringValueLength to STRING_V', () => {
    const msg = encodeProtoAttributes([{ key: 'a', value: { type: 'STRING', value: 'abcd' } }]);
    expect(decodeProtoAttributes(msg, { typeCastEnabled: true, maxStringValueLength: 3 }).ok).toBe(
      false,
    );
    expect(decodeProtoAttributes(msg, DEFAULT_TYPING)).toEqual({
      ok: true,
      value: [{ key: 'a', value: { type: 'STRING', value: 'abcd' } }],
    });
    expect(decodeProtoAttributes(new Uint8Array(), DEFAULT_TYPING).ok).toBe(false);
  });
});

describe('requests and replies (spec §6.2, §7, §8, §9 in Protobuf)', () => {
  it('AttributesRequest: clientKeys = 1, sharedKeys = 2 as comma-separated strings; empty means not asked', () => {
    expect(decodeProtoAttributeRequest(bytes(len(1, 'a, b'), len(2, 't')))).toEqual({
      ok: true,
      value: { clientKeys: ['a', ' b'], sharedKeys: ['t'] },
    });
    expect(decodeProtoAttributeRequest(new Uint8Array())).toEqual({ ok: true, value: {} });
    expect(
      decodeProtoAttributeRequest(encodeProtoAttributeRequest({ sharedKeys: ['x', 'y'] })),
    ).toEqual({ ok: true, value: { sharedKeys: ['x', 'y'] } });
  });

  it('RpcRequest: method = 1, params = 2; a request without a method is invalid', () => {
    expect(decodeProtoClientRpcRequest(bytes(len(1, 'getTime'), len(2, '{}')))).toEqual({
      ok: true,
      value: { method: 'getTime', params: '{}' },
    });
    expect(decodeProtoClientRpcRequest(encodeProtoClientRpcRequest('m'))).toEqual({
      ok: true,
      value: { method: 'm', params: '' },
    });
    expect(decodeProtoClientRpcRequest(bytes(len(2, '{}'))).ok).toBe(false);
  });

  it('RpcResponseMsg payload = 1 is the reply text', () => {
    expect(decodeProtoRpcReply(bytes(len(1, '{"ok":true}')))).toEqual({
      ok: true,
      value: '{"ok":true}',
    });
    expect(decodeProtoRpcReply(encodeProtoRpcReply('done'))).toEqual({ ok: true, value: 'done' });
  });

  it('ClaimDevice: secretKey = 1, durationMs = 2; ≤ 0 means the default', () => {
    expect(decodeProtoClaim(bytes(len(1, 'abc'), num(2, 60000)))).toEqual({
      ok: true,
      value: { secretKey: 'abc', durationMs: 60000 },
    });
    expect(decodeProtoClaim(encodeProtoClaim('', -1))).toEqual({
      ok: true,
      value: { secretKey: '', durationMs: undefined },
    });
  });

  it('RpcRequestMsg to the device: method = 1, requestId = 2, params = 3', () => {
    expect(hex(encodeProtoRpcRequest(7, 'setGpio', '{"pin":23}'))).toBe(
      hex(bytes(len(1, 'setGpio'), num(2, 7), len(3, '{"pin":23}'))),
    );
    expect(decodeProtoRpcRequest(encodeProtoRpcRequest(0, 'm', '{}'))).toEqual({
      ok: true,
      value: { requestId: 0, method: 'm', params: '{}' },
    });
  });

  it('ToServerRpcResponseMsg: an {"error":…} reply goes in error = 3, others in payload = 2', () => {
    expect(hex(encodeProtoClientRpcReply(5, '{"time":"x","ts":1}'))).toBe(
      hex(bytes(num(1, 5), len(2, '{"time":"x","ts":1}'))),
    );
    expect(decodeProtoClientRpcReply(encodeProtoClientRpcReply(6, '{"error":"timeout"}'))).toEqual({
      ok: true,
      value: { requestId: 6, payload: '', error: 'timeout' },
    });
  });
});

describe('pushes and responses (spec §6.2, §6.3 in Protobuf)', () => {
  const attr = (key: string, value: bigint, lastUpdateTs: number) => ({
    key,
    scope: 'CLIENT' as const,
    lastUpdateTs,
    value: { type: 'LONG' as const, value },
  });

  it('GetAttributeResponseMsg: requestId = 1, client list = 2, shared list = 3, each TsKvProto {ts = 1, kv = 2}', () => {
    const encoded = encodeProtoAttributeResponse(3, [attr('a', 1n, 10)], [], 1);
    expect(hex(encoded)).toBe(
      hex(
        bytes(
          num(1, 3),
          len(2, [...num(1, 10), ...len(2, [...len(1, 'a'), ...num(2, 1), ...num(4, 1)])]),
        ),
      ),
    );
    expect(
      decodeProtoAttributeResponse(
        encodeProtoAttributeResponse(4, undefined, [attr('t', 22n, 1)], 1),
      ),
    ).toEqual({ ok: true, value: { requestId: 4, shared: { t: 22 } } });
  });

  it('GetAttributeResponseMsg: isMultipleAttributesRequest = 4 is true when more than one key was asked', () => {
    expect(hex(encodeProtoAttributeResponse(5, [], [], 2))).toBe(hex(bytes(num(1, 5), num(4, 1))));
    expect(hex(encodeProtoAttributeResponse(5, [], [], 1))).toBe(hex(bytes(num(1, 5))));
    expect(hex(encodeProtoAttributeResponse(5, [], [], 0))).toBe(hex(bytes(num(1, 5))));
  });

  it('AttributeUpdateNotificationMsg: sharedUpdated = 1, sharedDeleted = 2', () => {
    expect(
      decodeProtoSharedPush(
        encodeProtoSharedUpdate([{ key: 'targetTemp', value: { type: 'DOUBLE', value: 21.5 } }], 1),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'updated', values: { targetTemp: 21.5 } },
    });
    expect(hex(encodeProtoSharedDeleted(['k1', 'k2']))).toBe(
      hex(bytes(len(2, 'k1'), len(2, 'k2'))),
    );
    expect(decodeProtoSharedPush(encodeProtoSharedDeleted(['k1']))).toEqual({
      ok: true,
      value: { kind: 'deleted', keys: ['k1'] },
    });
  });
});
