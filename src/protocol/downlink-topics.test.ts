import { describe, expect, it } from 'vitest';

import { parseDownlinkTopic } from './downlink-topics.ts';

describe('parseDownlinkTopic (broker → device topics, spec §2, §3)', () => {
  it.each([
    ['v1/devices/me/attributes', { kind: 'sharedAttributes', family: 'v1' }],
    ['v2/a/j', { kind: 'sharedAttributes', family: 'v2j' }],
    ['v2/a/p', { kind: 'sharedAttributes', family: 'v2p' }],
    [
      'v1/devices/me/attributes/response/7',
      { kind: 'attributesResponse', family: 'v1', requestId: 7 },
    ],
    ['v2/a/res/8', { kind: 'attributesResponse', family: 'v2', requestId: 8 }],
    ['v2/a/res/j/9', { kind: 'attributesResponse', family: 'v2j', requestId: 9 }],
    ['v2/a/res/p/10', { kind: 'attributesResponse', family: 'v2p', requestId: 10 }],
    ['v1/devices/me/rpc/request/0', { kind: 'rpcRequest', family: 'v1', requestId: 0 }],
    ['v2/r/req/j/3', { kind: 'rpcRequest', family: 'v2j', requestId: 3 }],
    ['v1/devices/me/rpc/response/4', { kind: 'rpcResponse', family: 'v1', requestId: 4 }],
    ['v2/r/res/p/5', { kind: 'rpcResponse', family: 'v2p', requestId: 5 }],
    ['v2/fw/response/2/chunk/0', { kind: 'otaChunk', ota: 'fw', requestId: 2, chunk: 0 }],
    ['v2/sw/response/3/chunk/12', { kind: 'otaChunk', ota: 'sw', requestId: 3, chunk: 12 }],
    ['v2/fw/error', { kind: 'otaError', ota: 'fw' }],
    ['v2/sw/error', { kind: 'otaError', ota: 'sw' }],
    ['/provision/response', { kind: 'provisionResponse' }],
  ])('%s', (topic, expected) => {
    expect(parseDownlinkTopic(topic)).toEqual(expected);
  });

  it.each([
    'v1/devices/me/telemetry',
    'v1/devices/me/attributes/response/x',
    'v1/devices/me/attributes/response/1/2',
    'v2/fw/response/1/chunk/x',
    'operator/v1/response/abc',
    'v1/gateway/rpc',
  ])('%s is not a device downlink', (topic) => {
    expect(parseDownlinkTopic(topic)).toEqual({ kind: 'unknown' });
  });
});
