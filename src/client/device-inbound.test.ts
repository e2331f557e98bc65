import { describe, expect, it } from 'vitest';

import {
  encodeProtoAttributeResponse,
  encodeProtoClientRpcReply,
  encodeProtoRpcRequest,
  encodeProtoSharedDeleted,
  encodeProtoSharedUpdate,
} from '../protocol/proto/device-downlink.ts';

import { decodeDeviceMessage } from './device-inbound.ts';
import type { PortMessage } from './port.ts';
import { utf8Bytes, utf8Text } from './runtime.ts';

const message = (topic: string, payload: string | Uint8Array): PortMessage => {
  const bytes = typeof payload === 'string' ? utf8Bytes(payload) : payload;
  return { topic, payload: bytes, text: utf8Text(bytes), receivedAt: 5 };
};
const decode = (topic: string, payload: string | Uint8Array) =>
  decodeDeviceMessage(message(topic, payload));

describe('decodeDeviceMessage: topic → decode → one typed event', () => {
  it('shared-attribute pushes: updates and deletions (spec §6.3)', () => {
    expect(decode('v1/devices/me/attributes', '{"target":21.5}')).toEqual({
      kind: 'sharedAttributes',
      family: 'v1',
      change: { kind: 'updated', values: { target: 21.5 } },
      topic: 'v1/devices/me/attributes',
      receivedAt: 5,
    });
    expect(decode('v2/a/j', '{"deleted":["a","b"]}')).toMatchObject({
      kind: 'sharedAttributes',
      family: 'v2j',
      change: { kind: 'deleted', keys: ['a', 'b'] },
    });
  });

  it('attribute responses keep only the sections present (spec §6.2)', () => {
    expect(decode('v2/a/res/4', '{"shared":{"fw_title":"x"}}')).toMatchObject({
      kind: 'attributesResponse',
      family: 'v2',
      requestId: 4,
      shared: { fw_title: 'x' },
    });
    expect(decode('v1/devices/me/attributes/response/1', '{}')).not.toHaveProperty('client');
  });

  it('server-side RPC requests with plain params and their compact JSON (spec §7)', () => {
    expect(
      decode('v1/devices/me/rpc/request/0', '{"method":"set","params":{"on":true}}'),
    ).toMatchObject({
      kind: 'rpcRequest',
      requestId: 0,
      method: 'set',
      params: { on: true },
      paramsJson: '{"on":true}',
    });
    expect(decode('v2/r/req/3', '{"method":"ping"}')).toMatchObject({
      params: undefined,
      paramsJson: null,
    });
  });

  it('client-side RPC replies: JSON, or the text when it is not JSON (spec §8)', () => {
    expect(decode('v1/devices/me/rpc/response/9', '{"time":"t"}')).toMatchObject({
      kind: 'rpcResponse',
      requestId: 9,
      json: true,
      reply: { time: 't' },
    });
    expect(decode('v2/r/res/j/9', 'plain words')).toMatchObject({
      json: false,
      reply: 'plain words',
    });
  });

  it('OTA chunks as bytes and OTA errors as their code (spec §11); provisioning outcomes (spec §10)', () => {
    const bytes = new Uint8Array([0, 255, 7]);
    expect(decode('v2/sw/response/2/chunk/3', bytes)).toMatchObject({
      kind: 'otaChunk',
      ota: 'sw',
      requestId: 2,
      chunk: 3,
      payload: bytes,
    });
    expect(decode('v2/fw/error', 'NOT_FOUND\n')).toMatchObject({
      kind: 'otaError',
      ota: 'fw',
      code: 'NOT_FOUND',
    });
    expect(
      decode(
        '/provision/response',
        '{"status":"SUCCESS","credentialsType":"ACCESS_TOKEN","credentialsValue":"t"}',
      ),
    ).toMatchObject({ kind: 'provisionResponse', outcome: { status: 'SUCCESS' } });
  });

  it('reads Protobuf (v2p) messages as well (spec §2.3)', () => {
    const entry = { key: 'k', value: { type: 'LONG' as const, value: 5n } };
    expect(decode('v2/a/p', encodeProtoSharedUpdate([entry], 1))).toMatchObject({
      change: { kind: 'updated', values: { k: 5 } },
    });
    expect(decode('v2/a/p', encodeProtoSharedDeleted(['k']))).toMatchObject({
      change: { kind: 'deleted', keys: ['k'] },
    });
    expect(
      decode(
        'v2/a/res/p/6',
        encodeProtoAttributeResponse(
          6,
          undefined,
          [{ ...entry, scope: 'SHARED', lastUpdateTs: 1 }],
          1,
        ),
      ),
    ).toMatchObject({ kind: 'attributesResponse', requestId: 6, shared: { k: 5 } });
    expect(decode('v2/r/req/p/2', encodeProtoRpcRequest(2, 'set', '{"x":1}'))).toMatchObject({
      method: 'set',
      params: { x: 1 },
    });
    expect(
      decode('v2/r/res/p/3', encodeProtoClientRpcReply(3, '{"error":"timeout"}')),
    ).toMatchObject({
      json: true,
      reply: { error: 'timeout' },
    });
  });

  it('reports a message it cannot read as a bad frame, and ignores topics that are not the device API', () => {
    expect(decode('v1/devices/me/attributes', '[1,2]')).toMatchObject({
      kind: 'badFrame',
      route: { kind: 'sharedAttributes', family: 'v1' },
      error: { kind: 'schema' },
      text: '[1,2]',
    });
    expect(decode('v1/devices/me/rpc/request/1', '{"params":{}}')).toMatchObject({
      kind: 'badFrame',
      route: { kind: 'rpcRequest', requestId: 1 },
    });
    expect(decode('v2/a/res/p/1', new Uint8Array([255, 255, 255]))).toMatchObject({
      kind: 'badFrame',
    });
    expect(decode('operator/v1/response/x', '{}')).toBeNull();
    expect(decode('v1/devices/me/telemetry', '{}')).toBeNull();
  });
});
