import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ClaimEvent, ProvisionEvent } from '../../src/protocol/operator-events.ts';
import type { DevBroker } from '../main.ts';

import { connectDevice } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { sleep, startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker, 'tcp', 5);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

let seq = 0;
/** A new unclaimed device through the API; returns its id, name and token. */
async function newDevice(prefix: string) {
  const name = `${prefix}-${String(++seq)}`;
  const { device } = await op.ok('devices.create', { name, token: `TOK-${name}` });
  return { id: device.id, name, token: `TOK-${name}` };
}

/** The device registers for claiming over MQTT, as firmware does (spec §9). */
async function register(token: string, payload: object) {
  const c = await connectDevice(broker, 'tcp', 4, { username: token });
  expect((await c.publish('v1/devices/me/claim', JSON.stringify(payload)))?.cmd).toBe('puback');
  await c.end();
}

const json = (m: { text: string }): unknown => JSON.parse(m.text);

describe('claim.claim and claim.reclaim after a device registers over MQTT', () => {
  it('SUCCESS with the device and customer; then CLAIMED; reclaim releases; events without the secret', async () => {
    const d = await newDevice('claim');
    await op.subscribe({ [`operator/v1/events/${d.id}/claim`]: { qos: 1 } });
    await register(d.token, { secretKey: 'abc-secret', durationMs: 60_000 });
    const registered = await op.message(`operator/v1/events/${d.id}/claim`);
    expect(json(registered) as ClaimEvent).toEqual({
      deviceId: d.id,
      deviceName: d.name,
      change: 'registered',
      expiresAt: expect.any(Number) as unknown,
    });

    const claimed = await op.ok('claim.claim', {
      deviceName: d.name,
      secretKey: 'abc-secret',
      customer: 'acme',
    });
    expect(claimed).toMatchObject({
      result: 'SUCCESS',
      device: { id: d.id, name: d.name },
      customer: { name: 'acme' },
    });
    expect(claimed.device.customerId).toBe(claimed.customer.id);
    expect(json(await op.message(`operator/v1/events/${d.id}/claim`)) as ClaimEvent).toEqual({
      deviceId: d.id,
      deviceName: d.name,
      change: 'claimed',
      result: 'SUCCESS',
      customerId: claimed.customer.id,
      customerName: 'acme',
    });

    const again = await op.fail('claim.claim', {
      deviceId: d.id,
      secretKey: 'abc-secret',
      customer: 'other',
    });
    expect(again).toEqual({
      code: 'FAILED_PRECONDITION',
      message: `CLAIMED: device ${d.name} already belongs to customer acme; reclaim it first`,
      details: { result: 'CLAIMED', customerId: claimed.customer.id, customerName: 'acme' },
    });
    expect(await op.ok('customers.list')).toContainEqual({
      id: claimed.customer.id,
      name: 'acme',
      createdAt: expect.any(Number) as unknown,
      deviceCount: 1,
    });

    const released = await op.ok('claim.reclaim', { deviceName: d.name });
    expect(released).toMatchObject({
      released: true,
      customer: { id: claimed.customer.id, name: 'acme' },
      device: { customerId: null },
    });
    expect(await op.ok('claim.reclaim', { deviceId: d.id })).toMatchObject({
      released: false,
      device: { id: d.id },
    });
    const events = op.messages.filter((m) => m.topic.endsWith('/claim'));
    expect(events.map((m) => (json(m) as ClaimEvent).change)).toEqual(['claimed', 'reclaimed']);
    expect([registered, ...events].every((m) => !m.text.includes('abc-secret'))).toBe(true);
  });

  it('FAILURE names why: no registration, wrong secret (the registration is removed), expired', async () => {
    const d = await newDevice('fail');
    expect(await op.fail('claim.claim', { deviceName: d.name, customer: 'acme' })).toMatchObject({
      code: 'FAILED_PRECONDITION',
      message: expect.stringMatching(
        /^FAILURE: device fail-\d+ has no claim registration: it must publish/,
      ) as unknown,
      details: { result: 'FAILURE', reason: 'NO_REGISTRATION' },
    });
    await register(d.token, { secretKey: 'right' });
    const wrong = await op.fail('claim.claim', {
      deviceName: d.name,
      secretKey: 'wrong',
      customer: 'acme',
    });
    expect(wrong.message).toBe(
      'FAILURE: the secretKey does not match the one device ' +
        d.name +
        ' registered; the registration was removed, the device must register again',
    );
    expect(wrong.details).toEqual({ result: 'FAILURE', reason: 'SECRET_MISMATCH' });
    expect(
      (await op.fail('claim.claim', { deviceName: d.name, secretKey: 'right', customer: 'acme' }))
        .details,
    ).toMatchObject({ reason: 'NO_REGISTRATION' });
    await register(d.token, { secretKey: 'right', durationMs: 1 });
    await sleep(10);
    const expired = await op.fail('claim.claim', {
      deviceName: d.name,
      secretKey: 'right',
      customer: 'acme',
    });
    expect(expired.message).toMatch(
      /^FAILURE: the claim registration of fail-\d+ expired at \d{4}-\d\d-\d\dT/,
    );
    expect(expired.details).toEqual({ result: 'FAILURE', reason: 'EXPIRED' });
    // an empty secret matches a registration without one (spec §9)
    await register(d.token, {});
    expect(
      await op.ok('claim.claim', { deviceName: d.name, secretKey: '', customer: 'acme' }),
    ).toMatchObject({ result: 'SUCCESS' });
  });

  it('errors: NOT_FOUND for unknown devices, INVALID_ARGUMENT for params and a blank customer', async () => {
    expect(await op.fail('claim.claim', { deviceName: 'ghost', customer: 'acme' })).toEqual({
      code: 'NOT_FOUND',
      message: 'device named ghost was not found',
    });
    expect((await op.fail('claim.claim', { deviceId: 'nope', customer: 'acme' })).code).toBe(
      'NOT_FOUND',
    );
    expect((await op.fail('claim.reclaim', { deviceName: 'ghost' })).code).toBe('NOT_FOUND');
    expect((await op.fail('claim.claim', { deviceName: 'thermo-1' })).message).toBe(
      'invalid params for claim.claim: customer: customer must be a string',
    );
    expect(await op.fail('claim.claim', { deviceName: 'thermo-1', customer: '  ' })).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'customer name must not be empty',
    });
    expect((await op.fail('customers.list', { name: 'x' })).message).toMatch(
      /Unrecognized key: "name"/,
    );
  });
});

describe('provision events', () => {
  it('SUCCESS on the new device’s topic; NOT_FOUND and FAILURE on _broker/provision; never credentials', async () => {
    const watcher = await connectOperator(broker, 'ws', 4);
    await watcher.subscribe({ 'operator/v1/events/+/provision': { qos: 1 } });
    const fleet = { provisionDeviceKey: 'pk-fleet', provisionDeviceSecret: 'ps-fleet' };
    const provision = async (request: object) => {
      const c = await connectDevice(broker, 'tcp', 4, { username: 'provision' });
      await c.publish('/provision', JSON.stringify(request));
      const reply = json(await c.message('/provision/response')) as { credentialsValue?: string };
      await c.end();
      return reply;
    };
    const ok = await provision({ deviceName: 'prov-ev-1', ...fleet });
    const device = await op.ok('devices.get', { deviceName: 'prov-ev-1' });
    const created = await watcher.message(`operator/v1/events/${device.id}/provision`);
    expect(json(created) as ProvisionEvent).toEqual({
      deviceId: device.id,
      deviceName: 'prov-ev-1',
      profileName: 'fleet',
      provisionType: 'ALLOW_CREATE_NEW_DEVICES',
      status: 'SUCCESS',
      credentialsType: 'ACCESS_TOKEN',
    });
    expect(created.text).not.toContain(ok.credentialsValue ?? '?');
    await provision({
      deviceName: 'prov-ev-2',
      provisionDeviceKey: 'pk-fleet',
      provisionDeviceSecret: 'wrong',
    });
    expect(
      json(await watcher.message('operator/v1/events/_broker/provision')) as ProvisionEvent,
    ).toEqual({
      deviceId: null,
      deviceName: 'prov-ev-2',
      profileName: null,
      provisionType: null,
      status: 'NOT_FOUND',
      credentialsType: null,
    });
    await provision({ deviceName: 'thermo-1', ...fleet });
    expect(
      json(await watcher.message('operator/v1/events/_broker/provision')) as ProvisionEvent,
    ).toMatchObject({
      deviceId: null,
      deviceName: 'thermo-1',
      profileName: 'fleet',
      status: 'FAILURE',
    });
    await provision({
      deviceName: 'line-7',
      provisionDeviceKey: 'pk-factory',
      provisionDeviceSecret: 'ps-factory',
    });
    const line7 = broker.hub.devices.get('line-7').id;
    const pre = json(
      await watcher.message(`operator/v1/events/${line7}/provision`),
    ) as ProvisionEvent;
    expect(pre).toMatchObject({
      deviceId: line7,
      provisionType: 'CHECK_PRE_PROVISIONED_DEVICES',
      status: 'SUCCESS',
    });
    expect(JSON.stringify(watcher.messages)).not.toContain('L7');
    await watcher.end();
  });
});

describe('claim.registrations', () => {
  it('lists every stored registration, made before the operator connected too, without the secret', async () => {
    const d = await newDevice('waiting');
    await register(d.token, { secretKey: 'do-not-list', durationMs: 60_000 });
    // A second operator that logs in only now still sees the registration.
    const late = await connectOperator(broker, 'tcp', 5);
    const listed = (await late.ok('claim.registrations', {})) as {
      deviceName: string;
      expired: boolean;
      expiresAt: number;
    }[];
    await late.end();
    const mine = listed.find((r) => r.deviceName === d.name);
    expect(mine).toMatchObject({ deviceName: d.name, expired: false });
    expect(mine?.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(listed)).not.toContain('do-not-list');

    await op.ok('claim.claim', { deviceName: d.name, secretKey: 'do-not-list', customer: 'acme' });
    const after = (await op.ok('claim.registrations', {})) as { deviceName: string }[];
    expect(after.some((r) => r.deviceName === d.name)).toBe(false);
  });

  it('marks an expired registration as expired', async () => {
    const d = await newDevice('expiring');
    await register(d.token, { secretKey: 's', durationMs: 1 });
    await sleep(20);
    const listed = (await op.ok('claim.registrations', {})) as {
      deviceName: string;
      expired: boolean;
    }[];
    expect(listed.find((r) => r.deviceName === d.name)?.expired).toBe(true);
  });
});
