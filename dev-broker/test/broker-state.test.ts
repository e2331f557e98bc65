import { dirname } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { BrokerSnapshot } from '../../src/protocol/broker-snapshot.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice, rawConnect, type TestClient } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';
import { useTempDbFiles } from './temp-files.ts';

const open: { brokers: DevBroker[]; clients: TestClient[] } = { brokers: [], clients: [] };
afterEach(async () => {
  await Promise.all(open.clients.splice(0).map((c) => c.end()));
  await Promise.all(open.brokers.splice(0).map((b) => b.close()));
});

async function broker(): Promise<DevBroker> {
  const b = await startTestBroker({
    config: { settings: { rpc: { minTimeoutMs: 100 }, rpcAckTimeoutMs: 300 } },
  });
  open.brokers.push(b);
  return b;
}

async function device(b: DevBroker, token: string): Promise<TestClient> {
  const c = await connectDevice(b, 'tcp', 4, { username: token });
  open.clients.push(c);
  await c.subscribe({ 'v1/devices/me/rpc/request/+': { qos: 1 } });
  return c;
}

async function operator(b: DevBroker): Promise<OperatorTestClient> {
  const op = await connectOperator(b);
  open.clients.push(op);
  return op;
}

/** A snapshot without the moment it was taken, for comparing states. */
const stateOf = (s: BrokerSnapshot) => ({ ...s, takenAt: 0 });

/** Every aggregate, made the way users make them: over MQTT and through the operator API. */
async function useEveryAggregate(b: DevBroker, op: OperatorTestClient): Promise<void> {
  const thermo = await device(b, 'T1');
  await thermo.publish(
    'v1/devices/me/telemetry',
    '{"ts":1700000000000,"values":{"t":21.5,"n":9007199254740993}}',
  );
  await thermo.publish('v1/devices/me/attributes', '{"fw":"1.0.3","cfg":{"a":[1,2]}}');
  await thermo.publish('v1/devices/me/claim', '{"secretKey":"s3cr3t","durationMs":600000}');
  const other = await device(b, 'O1');
  await other.publish('v1/devices/me/claim', '{"secretKey":"k"}');
  await op.ok('claim.claim', { deviceName: 'other-1', customer: 'acme', secretKey: 'k' });
  await op.ok('attributes.save', {
    deviceName: 'thermo-1',
    scope: 'SHARED',
    values: { target: 22 },
  });
  await op.ok('devices.create', { name: 'extra-7', token: 'X7', profile: 'fleet' });
  await op.ok('rpc.send', {
    deviceName: 'extra-7',
    method: 'later',
    persistent: true,
    timeout: 600_000,
  });
  await op.ok('clientRpc.rules.set', {
    rules: [{ method: 'getConfig', action: { type: 'static', value: { rate: 5 } }, delayMs: 0 }],
  });
  const pkg = await b.hub.ota.upload({
    title: 'fw',
    version: '2.0',
    type: 'FIRMWARE',
    data: new Uint8Array([1, 2, 3, 250]),
  });
  await b.hub.ota.assign(pkg.id, { deviceId: b.hub.devices.find('thermo-1')?.id ?? '' });
  const refused = rawConnect(b, 'tcp', 4, { username: 'no-such-token' });
  expect(await refused.result).toBeInstanceOf(Error);
}

describe('reset', () => {
  it('goes back to the seed: the config, same ids and credentials, nothing else', async () => {
    const b = await broker();
    const seed = b.snapshot();
    const op = await operator(b);
    await useEveryAggregate(b, op);
    expect(stateOf(b.snapshot())).not.toEqual(stateOf(seed));
    const summary = await b.reset();
    expect(summary.devices).toBe(seed.devices.length);
    expect(stateOf(b.snapshot())).toEqual(stateOf(seed));
    expect(b.hub.clientRpc.listRules()).toEqual([]);
  });

  it('closes device sessions, keeps operator sessions, and restarts RPC request ids at 0', async () => {
    const b = await broker();
    const op = await operator(b);
    const before = await device(b, 'T1');
    const call = op.ok('rpc.send', { deviceName: 'thermo-1', method: 'first', oneway: true });
    await before.message('v1/devices/me/rpc/request/0');
    await call;
    const pending = op.fail('rpc.send', {
      deviceName: 'thermo-1',
      method: 'unanswered',
      timeout: 60_000,
    });
    await before.message('v1/devices/me/rpc/request/1');
    await b.reset();
    await before.closed;
    expect(await pending).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect((await op.ok('broker.info')).sessions).toEqual({ device: 0, operator: 1, provision: 0 });
    const after = await device(b, 'T1');
    const again = op.ok('rpc.send', { deviceName: 'thermo-1', method: 'again', oneway: true });
    expect(JSON.parse((await after.message('v1/devices/me/rpc/request/0')).text)).toEqual({
      method: 'again',
      params: {},
    });
    await again;
  });

  it('is an operator API method too', async () => {
    const b = await broker();
    const op = await operator(b);
    await op.ok('devices.create', { name: 'gone-soon' });
    const result = await op.ok('broker.reset');
    expect(result.devices).toBe(7);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(await op.fail('devices.get', { deviceName: 'gone-soon' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('snapshot and restore', () => {
  it('restores every aggregate, and the restored state works', async () => {
    const b = await broker();
    const op = await operator(b);
    await useEveryAggregate(b, op);
    const snapshot = JSON.parse(JSON.stringify(b.snapshot())) as BrokerSnapshot;
    await b.reset();
    const summary = await b.restore(JSON.stringify(snapshot));
    expect(summary.devices).toBe(snapshot.devices.length);
    expect(stateOf(b.snapshot())).toEqual(stateOf(snapshot));

    const extra = await device(b, 'X7'); // the persistent RPC queued before the snapshot is delivered
    expect(JSON.parse((await extra.message('v1/devices/me/rpc/request/0')).text)).toMatchObject({
      method: 'later',
    });
    const thermo = await device(b, 'T1');
    await thermo.subscribe({ 'v1/devices/me/rpc/response/+': { qos: 1 } });
    await thermo.publish('v1/devices/me/rpc/request/1', '{"method":"getConfig","params":{}}');
    expect(JSON.parse((await thermo.message('v1/devices/me/rpc/response/1')).text)).toEqual({
      rate: 5,
    });
    const [pkg] = b.hub.ota.list();
    expect([...b.hub.ota.readData(pkg?.id ?? '')]).toEqual([1, 2, 3, 250]);
    expect(await op.ok('telemetry.latest', { deviceName: 'thermo-1', keys: ['n'] })).toMatchObject([
      { key: 'n', type: 'LONG', value: '9007199254740993' },
    ]);
  });

  it('a snapshot is an operator API method; restore refuses a broken snapshot and changes nothing', async () => {
    const b = await broker();
    const op = await operator(b);
    await op.ok('devices.create', { name: 'kept' });
    const snapshot = await op.ok('broker.snapshot');
    expect(snapshot.devices.map((d) => d.name)).toContain('kept');

    const badValue = structuredClone(snapshot);
    badValue.version = 2 as 1;
    badValue.attributes.push({
      deviceId: snapshot.devices[0]?.id ?? '',
      scope: 'SHARED',
      key: 'k',
      value: { type: 'LONG', value: '1.5' },
      lastUpdateTs: 1,
    });
    const schema = await op.fail('broker.restore', { snapshot: badValue });
    expect(schema.code).toBe('INVALID_ARGUMENT');
    expect(schema.message).toMatch(/version: version must be 1/);
    expect(schema.message).toMatch(
      /attributes\.\d+\.value\.value: a LONG value is a string of decimal digits/,
    );

    const dangling = structuredClone(snapshot);
    dangling.rpcs.push({ ...anRpc(), deviceId: 'nobody' });
    const [first] = snapshot.devices;
    if (!first) throw new Error('the seed has devices');
    dangling.devices.push({ ...structuredClone(first), id: 'twin' }); // same name and credentials
    const references = await op.fail('broker.restore', { snapshot: dangling });
    expect(references.message).toMatch(/rpcs\[0\]\.deviceId: no device with id "nobody"/);
    expect(references.message).toMatch(/devices\[\d+\]\.name: "[^"]+" is used twice/);
    expect(references.message).toMatch(/devices\[\d+\]\.credentials: "[^"]+" is used twice/);
    await expect(b.restore('{"format":')).rejects.toThrow(/the snapshot is not JSON/);
    expect(stateOf(b.snapshot())).toEqual(stateOf(snapshot));
  });

  it("keeps a profile's Protobuf schemas and switches; a schema that does not compile is refused", async () => {
    const b = await broker();
    const op = await operator(b);
    const reading = 'syntax = "proto3"; message Reading { double t = 1; }';
    await op.ok('profiles.create', {
      name: 'pb',
      payloadType: 'PROTOBUF',
      deviceTelemetryProtoSchema: reading,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
      enableCompatibilityWithJsonPayloadFormat: true,
    });
    const snapshot = JSON.parse(JSON.stringify(b.snapshot())) as BrokerSnapshot;
    await b.reset();
    await b.restore(snapshot);
    expect(await op.ok('profiles.get', { profileName: 'pb' })).toMatchObject({
      deviceTelemetryProtoSchema: reading,
      useJsonPayloadFormatForDefaultDownlinkTopics: true,
    });

    const broken = structuredClone(snapshot);
    const pb = broken.profiles.findIndex((p) => p.name === 'pb');
    const target = broken.profiles[pb];
    if (!target) throw new Error('the snapshot has the profile');
    target.deviceTelemetryProtoSchema = 'syntax = "proto3"; message {';
    await expect(b.restore(broken)).rejects.toThrow(
      `profiles[${String(pb)}].deviceTelemetryProtoSchema: does not compile`,
    );
  });

  it('starts from initialState, which becomes the seed, and writes exportOnExit on close', async () => {
    const source = await broker();
    await source.hub.devices.create({ name: 'from-snapshot' });
    const snapshot = source.snapshot();
    const file = `${process.env.TMPDIR ?? '/tmp'}/iothub-export-${String(process.pid)}-${String(Date.now())}.json`;
    const b = await startTestBroker({ initialState: snapshot, exportOnExit: file });
    expect(stateOf(b.snapshot())).toEqual(stateOf(snapshot));
    await b.hub.devices.create({ name: 'made-later' });
    await b.reset();
    expect(stateOf(b.snapshot())).toEqual(stateOf(snapshot));
    await b.hub.devices.create({ name: 'in-the-export' });
    await b.close();
    const { readFileSync, rmSync } = await import('node:fs');
    const exported = JSON.parse(readFileSync(file, 'utf8')) as BrokerSnapshot;
    rmSync(file);
    expect(exported.devices.map((d) => d.name)).toContain('in-the-export');
    expect(exported.devices.map((d) => d.name)).toContain('from-snapshot');
  });
});

function anRpc(): BrokerSnapshot['rpcs'][number] {
  return {
    id: 'r-1',
    deviceId: 'x',
    method: 'm',
    params: '{}',
    oneway: false,
    status: 'QUEUED',
    expirationTime: 1,
    retries: 0,
    attempts: 0,
    response: null,
    additionalInfo: null,
    createdAt: 1,
    updatedAt: 1,
  };
}

describe('with SQLite storage', () => {
  const newFile = useTempDbFiles('broker-state');
  const sqliteBroker = (dataDir: string) =>
    startTestBroker({ storage: 'sqlite', dataDir, config: { devices: [{ name: 'cfg-1' }] } });

  it('a restored state is durable; reset rebuilds the seed from the config, not from older data', async () => {
    const memory = await broker();
    await memory.hub.devices.create({ name: 'restored-1' });
    const snapshot = memory.snapshot();
    const dataDir = dirname(newFile());
    const first = await sqliteBroker(dataDir);
    await first.hub.devices.create({ name: 'older-data' });
    await first.restore(snapshot);
    await first.close();

    const second = await sqliteBroker(dataDir);
    open.brokers.push(second);
    const names = () => second.hub.devices.list({ limit: 100 }).items.map((d) => d.name);
    expect(names()).toContain('restored-1');
    expect(names()).toContain('cfg-1'); // the config is applied on top of the stored state
    expect(names()).not.toContain('older-data');
    await second.reset();
    expect(names()).toEqual(['cfg-1']);
    const profiles = second.hub.profiles.list().map((p) => p.name);
    expect(profiles.sort()).toEqual(['default', 'factory', 'fleet', 'lenient']);
  });
});
