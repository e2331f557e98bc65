import { describe, expect, it } from 'vitest';

import {
  OPERATOR_METHODS,
  describeParamIssues,
  isOperatorMethod,
  operatorRequestSchema,
  operatorResponseSchema,
  parseOperatorParams,
  type OperatorMethod,
  type OperatorParams,
} from './operator-api.ts';
import { parseOperatorEventTopic } from './operator-events.ts';

/** The smallest valid params of every method (the type makes this table cover them all). */
const MINIMAL: { [M in OperatorMethod]: OperatorParams<M> } = {
  'devices.list': {},
  'devices.get': { deviceName: 'd' },
  'devices.create': { name: 'd' },
  'devices.update': { deviceId: 'id', gateway: true },
  'devices.delete': { deviceId: 'id' },
  'devices.credentials.get': { deviceName: 'd' },
  'devices.credentials.set': { deviceName: 'd', credentials: { type: 'ACCESS_TOKEN', token: 't' } },
  'telemetry.latest': { deviceName: 'd' },
  'telemetry.history': { deviceName: 'd', keys: ['t'] },
  'attributes.get': { deviceName: 'd', scope: 'CLIENT' },
  'attributes.save': { deviceName: 'd', scope: 'SHARED', values: { a: 1 } },
  'attributes.delete': { deviceName: 'd', scope: 'SERVER', keys: ['a'] },
  'rpc.send': { deviceName: 'd', method: 'm' },
  'rpc.get': { rpcId: 'r' },
  'rpc.list': { deviceName: 'd' },
  'rpc.delete': { rpcId: 'r' },
  'clientRpc.rules.list': {},
  'clientRpc.rules.set': { rules: [] },
  'clientRpc.pending': {},
  'clientRpc.reply': { id: '1', response: null },
  'profiles.list': {},
  'profiles.get': { profileName: 'p' },
  'profiles.create': { name: 'p' },
  'profiles.update': { profileName: 'p', sendAckOnValidationException: true },
  'profiles.delete': { profileId: 'id' },
  'events.list': {},
  'sessions.list': {},
  'broker.info': {},
  'broker.reset': {},
  'broker.snapshot': {},
  'broker.restore': { snapshot: {} },
  'claim.claim': { deviceName: 'd', customer: 'c' },
  'claim.reclaim': { deviceId: 'id' },
  'claim.registrations': {},
  'customers.list': {},
  'ota.list': {},
  'ota.get': { packageId: 'p' },
  'ota.delete': { packageId: 'p' },
  'ota.assign': { packageId: 'p', profileName: 'fleet' },
  'ota.unassign': { type: 'SOFTWARE', deviceId: 'id' },
  'ota.status': {},
  'ota.upload': { title: 't', version: '1', size: 1 },
  'ota.upload.chunk': { uploadId: 'u', index: 0, data: 'AA==' },
  'ota.upload.finish': { uploadId: 'u' },
  'ota.upload.abort': { uploadId: 'u' },
  'faults.add': { kind: 'puback.drop' },
  'faults.list': {},
  'faults.remove': { id: 'f1' },
  'faults.clear': {},
};

const problems = (method: OperatorMethod, params: unknown): string => {
  const r = parseOperatorParams(method, params);
  return r.ok ? 'ok' : describeParamIssues(r.issues);
};

describe('the method map', () => {
  it('has every method, sorted, and a minimal valid call for each', () => {
    expect(OPERATOR_METHODS).toEqual(Object.keys(MINIMAL).sort());
    for (const method of OPERATOR_METHODS)
      expect(problems(method, MINIMAL[method]), method).toBe('ok');
  });

  it('knows its methods and nothing from Object.prototype', () => {
    expect(isOperatorMethod('devices.list')).toBe(true);
    expect(isOperatorMethod('toString')).toBe(false);
    expect(isOperatorMethod('claim.claim')).toBe(true);
    expect(isOperatorMethod('ota.upload.chunk')).toBe(true);
    expect(isOperatorMethod('ota.upload.')).toBe(false);
  });

  it('devices.list takes a profileId filter', () => {
    expect(parseOperatorParams('devices.list', { profileId: 'p-1', limit: 1 })).toEqual({
      ok: true,
      value: { offset: 0, limit: 1, profileId: 'p-1' },
    });
  });

  it('fills defaults', () => {
    expect(parseOperatorParams('devices.list', undefined)).toEqual({
      ok: true,
      value: { offset: 0, limit: 100 },
    });
    const history = parseOperatorParams('telemetry.history', { deviceName: 'd', keys: ['t'] });
    expect(history).toEqual({
      ok: true,
      value: {
        deviceName: 'd',
        keys: ['t'],
        startTs: 0,
        limit: 100,
        order: 'DESC',
        aggregation: 'NONE',
      },
    });
    expect(parseOperatorParams('rpc.send', { deviceId: 'x', method: 'm' })).toMatchObject({
      value: { oneway: false, persistent: false },
    });
  });

  it('refuses unknown fields in every method, with the field named', () => {
    for (const method of OPERATOR_METHODS) {
      expect(problems(method, { ...MINIMAL[method], bogus: 1 }), method).toContain(
        'Unrecognized key: "bogus"',
      );
    }
  });
});

describe('precise messages', () => {
  it.each([
    ['devices.get', {}, '(params): give deviceId or deviceName'],
    [
      'devices.get',
      { deviceId: 'a', deviceName: 'b' },
      '(params): give either deviceId or deviceName, not both',
    ],
    ['devices.get', { deviceId: '' }, 'deviceId: deviceId must not be empty'],
    ['devices.list', { limit: 1.5 }, 'limit: limit must be an integer'],
    ['devices.list', { limit: 2000 }, 'limit: limit must be at most 1000'],
    ['devices.list', { profileId: '' }, 'profileId: profileId must not be empty'],
    ['devices.list', { profileId: 7 }, 'profileId: profileId must be a string'],
    [
      'devices.create',
      { name: 'x', token: 't', credentials: { type: 'ACCESS_TOKEN', token: 'u' } },
      '(params): give either token or credentials, not both',
    ],
    [
      'devices.create',
      { name: 'x', credentials: { type: 'X509_CERTIFICATE', certificate: 'c' } },
      'credentials.type: credentials.type must be ACCESS_TOKEN or MQTT_BASIC (X.509 needs TLS, not offered here)',
    ],
    [
      'devices.update',
      { deviceId: 'x' },
      '(params): nothing to update: give at least one of name, profile, type, gateway',
    ],
    [
      'telemetry.history',
      { deviceName: 'd', keys: ['t'], startTs: 5, endTs: 4 },
      'endTs: endTs must not be before startTs',
    ],
    [
      'telemetry.history',
      { deviceName: 'd', keys: ['t'], intervalMs: 10 },
      'intervalMs: intervalMs needs an aggregation other than NONE',
    ],
    [
      'telemetry.history',
      { deviceName: 'd', keys: ['t'], startTs: -1 },
      'startTs: startTs must be a Unix time in ms (0 or more)',
    ],
    [
      'attributes.save',
      { deviceName: 'd', scope: 'CLIENT', values: { a: 1 } },
      'scope: scope must be SHARED or SERVER (CLIENT attributes are written by the device)',
    ],
    [
      'attributes.save',
      { deviceName: 'd', scope: 'SHARED', values: {} },
      'values: values must hold at least one attribute',
    ],
    [
      'attributes.get',
      { deviceName: 'd', scope: 'x' },
      'scope: scope must be CLIENT, SHARED or SERVER',
    ],
    [
      'attributes.delete',
      { deviceName: 'd', scope: 'SHARED', keys: [''] },
      'keys.0: every key must not be empty',
    ],
    [
      'rpc.send',
      { deviceName: 'd', method: 'm', retries: 3 },
      'retries: retries applies only to persistent RPCs',
    ],
    ['clientRpc.reply', { id: '1' }, 'response: response is required (null for none)'],
    [
      'clientRpc.rules.set',
      { rules: [{ method: 'm', action: { type: 'static' } }] },
      'rules.0.action.value: a static action needs a value (null for none)',
    ],
    [
      'profiles.create',
      { name: 'p', provisionType: 'ALLOW_CREATE_NEW_DEVICES', provisionKey: 'k' },
      'provisionSecret: provisionSecret is required when provisionType is ALLOW_CREATE_NEW_DEVICES',
    ],
    [
      'profiles.get',
      { profileId: 'a', profileName: 'b' },
      '(params): give either profileId or profileName, not both',
    ],
    [
      'events.list',
      { kinds: ['nope'] },
      'kinds.0: every kind must be one of auth_failed, invalid_payload, unknown_topic, dropped, subscription_refused, payload_too_large, storage_error, ota_error, session_closed, session_opened, fault_injected',
    ],
    ['sessions.list', { kind: 'x' }, 'kind: kind must be device, operator or provision'],
  ] as const)('%s %j → %s', (method, params, message) => {
    expect(problems(method, params)).toBe(message);
  });

  it('issues keep their paths for the error details', () => {
    const r = parseOperatorParams('devices.list', { offset: -1, limit: 0 });
    expect(r.ok ? [] : r.issues).toEqual([
      { path: ['offset'], code: 'too_small', message: 'offset must be 0 or more' },
      { path: ['limit'], code: 'too_small', message: 'limit must be at least 1' },
    ]);
  });
});

describe('envelopes', () => {
  it('a request is {method, params?} and nothing else', () => {
    expect(operatorRequestSchema.safeParse({ method: 'broker.info' }).success).toBe(true);
    expect(operatorRequestSchema.safeParse({ method: 'x', params: { a: 1 } }).success).toBe(true);
    expect(
      operatorRequestSchema.safeParse({ method: 'x', params: [] }).error?.issues[0]?.message,
    ).toBe('params must be a JSON object');
    expect(operatorRequestSchema.safeParse({ method: 1 }).error?.issues[0]?.message).toBe(
      'method must be a string naming an operator API method',
    );
    expect(operatorRequestSchema.safeParse({ method: 'x', id: 1 }).success).toBe(false);
  });

  it('a response is {result} or {error:{code,message,details?}} with a known code', () => {
    expect(operatorResponseSchema.safeParse({ result: null }).success).toBe(true);
    expect(
      operatorResponseSchema.safeParse({ error: { code: 'NOT_FOUND', message: 'x' } }).success,
    ).toBe(true);
    expect(
      operatorResponseSchema.safeParse({ error: { code: 'OOPS', message: 'x' } }).success,
    ).toBe(false);
    expect(
      operatorResponseSchema.safeParse({ result: 1, error: { code: 'INTERNAL', message: 'x' } })
        .success,
    ).toBe(false);
  });
});

describe('event topics', () => {
  it('parses device and broker events, refuses anything else', () => {
    expect(parseOperatorEventTopic('operator/v1/events/abc/telemetry')).toEqual({
      scope: 'device',
      deviceId: 'abc',
      kind: 'telemetry',
    });
    expect(parseOperatorEventTopic('operator/v1/events/_broker/auth_failed')).toEqual({
      scope: 'broker',
      kind: 'auth_failed',
    });
    expect(parseOperatorEventTopic('operator/v1/events/_broker/provision')).toEqual({
      scope: 'broker',
      kind: 'provision',
    });
    expect(parseOperatorEventTopic('operator/v1/events/abc/ota')).toMatchObject({ kind: 'ota' });
    expect(parseOperatorEventTopic('operator/v1/events/_broker/telemetry')).toBeUndefined();
    expect(parseOperatorEventTopic('operator/v1/events/abc/nope')).toBeUndefined();
    expect(parseOperatorEventTopic('operator/v1/events/abc/telemetry/x')).toBeUndefined();
    expect(parseOperatorEventTopic('operator/v1/response/1')).toBeUndefined();
  });
});
