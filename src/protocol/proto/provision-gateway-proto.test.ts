import { describe, expect, it } from 'vitest';

import { PROVISION_FAILURE, PROVISION_NOT_FOUND } from '../codecs/provision.ts';
import { DEFAULT_TYPING } from '../kv-typing.ts';
import { DEVICE_FILTERS, outboundTopic, parseInboundTopic, responseFilter } from '../topics.ts';

import {
  decodeProtoGatewayAttributeRequest,
  decodeProtoGatewayClaim,
  decodeProtoGatewayConnect,
  decodeProtoGatewayRpcReply,
  decodeProtoGatewayTelemetry,
  encodeProtoGatewayAttributeResponse,
  encodeProtoGatewayRpc,
  encodeProtoGatewaySharedPush,
} from './gateway-proto.ts';
import { decodeProto, encodeProto } from './proto-wire.ts';
import {
  decodeProtoProvisionRequest,
  decodeProtoProvisionResponse,
  encodeProtoProvisionRequest,
  encodeProtoProvisionResponse,
} from './provision-proto.ts';

const text = (s: string): number[] => [...new TextEncoder().encode(s)];
const len = (field: number, body: number[]): number[] => [(field << 3) | 2, body.length, ...body];

describe('provisioning in Protobuf (spec §10)', () => {
  it('CredentialsDataProto numbers follow the reference: token = 1, X.509 = 2, basic = 3', () => {
    const basic = [...len(1, text('c10')), ...len(2, text('u10')), ...len(3, text('p10'))];
    const msg = Uint8Array.from([
      ...len(1, text(' sensor-10 ')),
      (2 << 3) | 0,
      2, // credentialsType MQTT_BASIC
      ...len(3, [...len(1, text('pk-fleet')), ...len(2, text('ps-fleet'))]),
      ...len(4, len(3, basic)),
    ]);
    expect(decodeProtoProvisionRequest(msg)).toEqual({
      ok: true,
      value: {
        kind: 'request',
        request: {
          provisionDeviceKey: 'pk-fleet',
          provisionDeviceSecret: 'ps-fleet',
          deviceName: 'sensor-10',
          credentialsType: 'MQTT_BASIC',
          token: undefined,
          clientId: 'c10',
          username: 'u10',
          password: 'p10',
          hash: undefined,
          gateway: false,
        },
      },
    });
  });

  it('round-trips the console encoder; empty strings are absent fields', () => {
    const decoded = decodeProtoProvisionRequest(
      encodeProtoProvisionRequest({
        provisionDeviceKey: 'k',
        provisionDeviceSecret: 's',
        token: 'T9',
      }),
    );
    expect(decoded.ok && decoded.value.kind === 'request' && decoded.value.request).toMatchObject({
      deviceName: undefined,
      credentialsType: 'ACCESS_TOKEN',
      token: 'T9',
    });
    const x509 = decodeProtoProvisionRequest(
      encodeProtoProvisionRequest({
        provisionDeviceKey: 'k',
        provisionDeviceSecret: 's',
        credentialsType: 'X509_CERTIFICATE',
        hash: 'PEM',
      }),
    );
    expect(x509.ok && x509.value.kind === 'request' && x509.value.request.hash).toBe('PEM');
  });

  it('is not Protobuf without provisionDeviceCredentialsMsg, nor with an unknown credentials type', () => {
    expect(decodeProtoProvisionRequest(new Uint8Array()).ok).toBe(false);
    expect(
      decodeProtoProvisionRequest(new TextEncoder().encode('{"provisionDeviceKey":"k"}')).ok,
    ).toBe(false);
    const lwm2m = encodeProto('transport.ProvisionDeviceRequestMsg', {
      credentialsType: 3,
      provisionDeviceCredentialsMsg: { provisionDeviceKey: 'k' },
    });
    expect(decodeProtoProvisionRequest(lwm2m).ok).toBe(false);
  });

  it('ProvisionDeviceResponseMsg: status = 1, credentialsType = 2, credentialsValue = 3 (MQTT_BASIC as JSON text)', () => {
    const token = encodeProtoProvisionResponse({
      status: 'SUCCESS',
      credentialsType: 'ACCESS_TOKEN',
      credentialsValue: 'tok',
    });
    expect([...token]).toEqual([(1 << 3) | 0, 1, ...len(3, text('tok'))]);
    const basic = { clientId: 'c', userName: 'u', password: '' };
    const encoded = encodeProtoProvisionResponse({
      status: 'SUCCESS',
      credentialsType: 'MQTT_BASIC',
      credentialsValue: basic,
    });
    expect(decodeProto('transport.ProvisionDeviceResponseMsg', encoded)).toEqual({
      ok: true,
      value: { status: 1, credentialsType: 2, credentialsValue: JSON.stringify(basic) },
    });
    expect(decodeProtoProvisionResponse(encoded)).toEqual({
      ok: true,
      value: { status: 'SUCCESS', credentialsType: 'MQTT_BASIC', credentialsValue: basic },
    });
    expect(decodeProtoProvisionResponse(encodeProtoProvisionResponse(PROVISION_NOT_FOUND))).toEqual(
      { ok: true, value: PROVISION_NOT_FOUND },
    );
    expect([...encodeProtoProvisionResponse(PROVISION_FAILURE)]).toEqual([(1 << 3) | 0, 3]);
  });
});

describe('gateway messages in Protobuf (spec §12)', () => {
  const telemetry = (deviceName: string, key: string) => ({
    deviceName,
    msg: { tsKvList: [{ ts: 1000, kv: [{ key, type: 1, long_v: 20 }] }] },
  });

  it('GatewayTelemetryMsg: per-device PostTelemetryMsg; nameless entries ignored; none usable is invalid', () => {
    const msg = encodeProto('transportapi.GatewayTelemetryMsg', {
      msg: [telemetry('A', 'temp'), telemetry('', 'x')],
    });
    expect(decodeProtoGatewayTelemetry(msg, 0, DEFAULT_TYPING)).toEqual({
      ok: true,
      value: {
        entries: [
          { device: 'A', value: [{ key: 'temp', ts: 1000, value: { type: 'LONG', value: 20n } }] },
        ],
        ignored: [{ device: '', reason: 'GatewayTelemetryMsg entry without a deviceName' }],
      },
    });
    expect(
      decodeProtoGatewayTelemetry(
        encodeProto('transportapi.GatewayTelemetryMsg', {}),
        0,
        DEFAULT_TYPING,
      ).ok,
    ).toBe(false);
    const bad = encodeProto('transportapi.GatewayTelemetryMsg', {
      msg: [{ deviceName: 'A', msg: {} }],
    });
    expect(decodeProtoGatewayTelemetry(bad, 0, DEFAULT_TYPING).ok).toBe(false);
  });

  it('ConnectMsg, GatewayAttributesRequestMsg, GatewayRpcResponseMsg and GatewayClaimMsg', () => {
    expect(
      decodeProtoGatewayConnect(encodeProto('transportapi.ConnectMsg', { deviceName: 'A' })),
    ).toEqual({ ok: true, value: { device: 'A', type: undefined } });
    expect(
      decodeProtoGatewayConnect(encodeProto('transportapi.ConnectMsg', { deviceType: 't' })).ok,
    ).toBe(false);
    const request = encodeProto('transportapi.GatewayAttributesRequestMsg', {
      id: 1,
      deviceName: 'A',
      client: false,
      keys: ['k'],
    });
    expect(decodeProtoGatewayAttributeRequest(request)).toEqual({
      ok: true,
      value: { id: 1, device: 'A', client: false, keys: ['k'], single: true },
    });
    expect(
      decodeProtoGatewayAttributeRequest(
        encodeProto('transportapi.GatewayAttributesRequestMsg', { id: 1, deviceName: 'A' }),
      ).ok,
    ).toBe(false);
    const reply = encodeProto('transportapi.GatewayRpcResponseMsg', {
      deviceName: 'A',
      id: 0,
      data: '{"success":true}',
    });
    expect(decodeProtoGatewayRpcReply(reply)).toEqual({
      ok: true,
      value: { device: 'A', id: 0, dataJson: '{"success":true}' },
    });
    const claim = encodeProto('transportapi.GatewayClaimMsg', {
      msg: [{ deviceName: 'A', claimRequest: { secretKey: 'v', durationMs: 60000 } }],
    });
    expect(decodeProtoGatewayClaim(claim)).toEqual({
      ok: true,
      value: {
        entries: [{ device: 'A', value: { secretKey: 'v', durationMs: 60000 } }],
        ignored: [],
      },
    });
  });

  it('encodes the attribute response, the shared push and the RPC to a sub-device', () => {
    const found = [
      {
        key: 'targetTemp',
        scope: 'SHARED' as const,
        lastUpdateTs: 7,
        value: { type: 'LONG' as const, value: 22n },
      },
    ];
    const response = encodeProtoGatewayAttributeResponse(
      { id: 2, device: 'A', client: false, keys: ['targetTemp', 'x'], single: false },
      found,
    );
    expect(decodeProto('transportapi.GatewayAttributeResponseMsg', response)).toMatchObject({
      ok: true,
      value: {
        deviceName: 'A',
        responseMsg: {
          requestId: 2,
          isMultipleAttributesRequest: true,
          clientAttributeList: [],
          sharedAttributeList: [{ ts: 7n, kv: { key: 'targetTemp', long_v: 22n } }],
        },
      },
    });
    expect(
      decodeProto(
        'transportapi.GatewayAttributeUpdateNotificationMsg',
        encodeProtoGatewaySharedPush('A', { deleted: ['k'] }),
      ),
    ).toMatchObject({
      ok: true,
      value: { deviceName: 'A', notificationMsg: { sharedUpdated: [], sharedDeleted: ['k'] } },
    });
    const rpc = encodeProtoGatewayRpc('A', {
      requestId: 0,
      method: 'toggle_gpio',
      paramsJson: '{"pin":1}',
      expirationTime: 99,
      oneway: false,
      rpcUuid: '00000000-0000-0001-ffff-ffffffffffff',
      persisted: true,
    });
    expect(decodeProto('transportapi.GatewayDeviceRpcRequestMsg', rpc)).toEqual({
      ok: true,
      value: {
        deviceName: 'A',
        rpcRequestMsg: {
          requestId: 0,
          methodName: 'toggle_gpio',
          params: '{"pin":1}',
          expirationTime: 99n,
          requestIdMSB: 1n,
          requestIdLSB: -1n,
          oneway: false,
          persisted: true,
        },
      },
    });
  });
});

describe('/p topics (spec §2.2)', () => {
  it('parses the /p device topics as family v2p', () => {
    expect(parseInboundTopic('v2/t/p')).toEqual({ kind: 'telemetry', family: 'v2p' });
    expect(parseInboundTopic('v2/a/p')).toEqual({ kind: 'attributes', family: 'v2p' });
    expect(parseInboundTopic('v2/a/req/p/1')).toEqual({
      kind: 'attributesRequest',
      family: 'v2p',
      requestId: 1,
    });
    expect(parseInboundTopic('v2/r/req/p/2')).toEqual({
      kind: 'rpcRequest',
      family: 'v2p',
      requestId: 2,
    });
    expect(parseInboundTopic('v2/r/res/p/3')).toEqual({
      kind: 'rpcResponse',
      family: 'v2p',
      requestId: 3,
    });
    expect(parseInboundTopic('v2/r/res/p/x')).toEqual({ kind: 'badId', segment: 'x' });
    expect(parseInboundTopic('v2/a/req/3')).toEqual({
      kind: 'attributesRequest',
      family: 'v2',
      requestId: 3,
    });
  });

  it('allows the /p filters and builds the /p topics', () => {
    for (const filter of ['v2/a/p', 'v2/a/res/p/+', 'v2/r/req/p/+', 'v2/r/res/p/+']) {
      expect(DEVICE_FILTERS.get(filter)?.family).toBe('v2p');
    }
    expect(outboundTopic.attributesPush('v2p')).toBe('v2/a/p');
    expect(outboundTopic.attributesResponse('v2p', 1)).toBe('v2/a/res/p/1');
    expect(outboundTopic.rpcRequest('v2p', 2)).toBe('v2/r/req/p/2');
    expect(outboundTopic.rpcResponse('v2p', 3)).toBe('v2/r/res/p/3');
    expect(outboundTopic.telemetry('v2p')).toBe('v2/t/p');
    expect(outboundTopic.attributesRequest('v2p', 4)).toBe('v2/a/req/p/4');
    expect(outboundTopic.rpcResponse('v2j', 3)).toBe('v2/r/res/j/3');
    expect(outboundTopic.attributesPush('v2')).toBe('v2/a');
    expect(responseFilter.rpcRequest('v2p')).toBe('v2/r/req/p/+');
    expect(responseFilter.attributes('v2j')).toBe('v2/a/res/j/+');
  });
});
