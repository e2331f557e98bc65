import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DevBroker } from '../main.ts';

import { connectDevice, rawConnect } from './support/mqtt-client.ts';
import { connectOperator, type OperatorTestClient } from './support/operator-client.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let op: OperatorTestClient;
beforeAll(async () => {
  broker = await startTestBroker();
  op = await connectOperator(broker);
});
afterAll(async () => {
  await op.end();
  await broker.close();
});

describe('devices.get / devices.create', () => {
  it('gets a device by id or by name, with profile name, online state and last activity', async () => {
    const byName = await op.ok('devices.get', { deviceName: 'thermo-1' });
    expect(byName).toMatchObject({
      name: 'thermo-1',
      profileName: 'default',
      online: false,
      lastActivityTime: null,
      gateway: false,
    });
    expect(await op.ok('devices.get', { deviceId: byName.id })).toEqual(byName);
    const c = await connectDevice(broker, 'tcp', 4, { username: 'T1' });
    const online = await op.ok('devices.get', { deviceName: 'thermo-1' });
    expect(online.online).toBe(true);
    expect(online.lastActivityTime).toBeGreaterThan(0);
    await c.end();
  });

  it('devices.get errors: NOT_FOUND by id and by name, INVALID_ARGUMENT without or with both refs', async () => {
    expect(await op.fail('devices.get', { deviceId: 'no-such-id' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'device with id no-such-id was not found',
    });
    expect(await op.fail('devices.get', { deviceName: 'ghost' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'device named ghost was not found',
    });
    // a name is not an id: deviceId looks up ids only
    expect((await op.fail('devices.get', { deviceId: 'thermo-1' })).code).toBe('NOT_FOUND');
    expect((await op.fail('devices.get', {})).message).toMatch(/give deviceId or deviceName/);
    expect((await op.fail('devices.get', { deviceId: 'a', deviceName: 'b' })).message).toMatch(
      /not both/,
    );
  });

  it('creates with a generated token that connects; the token is returned once, with the device', async () => {
    const created = await op.ok('devices.create', { name: 'gen-1' });
    expect(created.device).toMatchObject({
      name: 'gen-1',
      profileName: 'default',
      online: false,
      gateway: false,
    });
    if (created.credentials.type !== 'ACCESS_TOKEN') throw new Error('expected a token');
    expect(created.credentials.token).toMatch(/^[A-Za-z0-9]{20}$/);
    const c = await connectDevice(broker, 'tcp', 5, { username: created.credentials.token });
    await c.end();
  });

  it('creates with a given token, basic credentials, a profile, a type and the gateway flag', async () => {
    const t = await op.ok('devices.create', {
      name: 'given-1',
      token: 'GIVEN-1',
      profile: 'lenient',
      type: 'pump',
      gateway: true,
    });
    expect(t.device).toMatchObject({ profileName: 'lenient', type: 'pump', gateway: true });
    expect(t.credentials).toEqual({ type: 'ACCESS_TOKEN', token: 'GIVEN-1' });
    const b = await op.ok('devices.create', {
      name: 'basic-1',
      credentials: { type: 'MQTT_BASIC', clientId: 'b1-cid', userName: 'b1', password: 'pw-b1' },
    });
    expect(b.credentials).toEqual({
      type: 'MQTT_BASIC',
      clientId: 'b1-cid',
      userName: 'b1',
      password: 'pw-b1',
    });
    const c = await connectDevice(broker, 'ws', 4, {
      clientId: 'b1-cid',
      username: 'b1',
      password: 'pw-b1',
    });
    await c.end();
  });

  it('devices.create errors: ALREADY_EXISTS (name, token), NOT_FOUND profile, INVALID_ARGUMENT credentials', async () => {
    expect(await op.fail('devices.create', { name: 'thermo-1' })).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: 'a device named thermo-1 already exists',
    });
    expect((await op.fail('devices.create', { name: 'dup-token', token: 'T1' })).code).toBe(
      'ALREADY_EXISTS',
    );
    expect(await op.fail('devices.create', { name: 'p', profile: 'nope' })).toMatchObject({
      code: 'NOT_FOUND',
      message: 'profile nope was not found',
    });
    const reserved = await op.fail('devices.create', { name: 'sneaky', token: 'operator:admin' });
    expect(reserved).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(reserved.message).toMatch(/"operator:" is reserved for operator logins/);
    const reservedBasic = await op.fail('devices.create', {
      name: 'sneaky2',
      credentials: { type: 'MQTT_BASIC', userName: 'operator:x' },
    });
    expect(reservedBasic.message).toMatch(/reserved for operator logins/);
    expect(
      (
        await op.fail('devices.create', {
          name: 'x',
          token: 't',
          credentials: { type: 'ACCESS_TOKEN', token: 'u' },
        })
      ).message,
    ).toMatch(/either token or credentials, not both/);
    expect(
      (
        await op.fail('devices.create', {
          name: 'x',
          credentials: { type: 'X509_CERTIFICATE', certificate: 'c' },
        })
      ).message,
    ).toMatch(/X\.509 needs TLS/);
    expect(
      (await op.fail('devices.create', { name: 'x', credentials: { type: 'MQTT_BASIC' } })).message,
    ).toMatch(/needs a client id or a user name/);
    expect((await op.fail('devices.create', { name: '' })).message).toMatch(
      /name: name must not be empty/,
    );
    expect((await op.fail('devices.create', { name: 'x', color: 'red' })).message).toMatch(
      /Unrecognized key: "color"/,
    );
  });
});

describe('devices.update / devices.delete', () => {
  it('renames, moves to another profile and toggles the gateway flag', async () => {
    await op.ok('devices.create', { name: 'upd-1', token: 'UPD-1' });
    const updated = await op.ok('devices.update', {
      deviceName: 'upd-1',
      name: 'upd-2',
      profile: 'fleet',
      gateway: true,
    });
    expect(updated).toMatchObject({ name: 'upd-2', profileName: 'fleet', gateway: true });
    expect((await op.fail('devices.get', { deviceName: 'upd-1' })).code).toBe('NOT_FOUND');
  });

  it('devices.update errors: NOT_FOUND device or profile, ALREADY_EXISTS name, INVALID_ARGUMENT with nothing to change', async () => {
    expect((await op.fail('devices.update', { deviceName: 'ghost', name: 'x' })).code).toBe(
      'NOT_FOUND',
    );
    expect(
      (await op.fail('devices.update', { deviceName: 'thermo-1', profile: 'nope' })).code,
    ).toBe('NOT_FOUND');
    expect(
      await op.fail('devices.update', { deviceName: 'other-1', name: 'thermo-1' }),
    ).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await op.fail('devices.update', { deviceName: 'thermo-1' })).message).toMatch(
      /nothing to update/,
    );
  });

  it('deletes a device and closes its session (v5 DISCONNECT 0x98); its token stops working', async () => {
    const { device } = await op.ok('devices.create', { name: 'del-1', token: 'DEL-1' });
    const c = await connectDevice(broker, 'tcp', 5, { username: 'DEL-1' });
    expect(await op.ok('devices.delete', { deviceId: device.id })).toEqual({
      deviceId: device.id,
      deleted: true,
    });
    await c.closed;
    const disconnect = c.packets.find((p) => p.cmd === 'disconnect') as
      { reasonCode?: number } | undefined;
    expect(disconnect?.reasonCode).toBe(0x98);
    expect((await rawConnect(broker, 'tcp', 4, { username: 'DEL-1' }).result)?.code).toBe(5);
    expect((await op.fail('devices.delete', { deviceId: device.id })).code).toBe('NOT_FOUND');
  });
});

describe('devices.credentials.*', () => {
  it('gets the credentials (the only way to read a token back)', async () => {
    expect(await op.ok('devices.credentials.get', { deviceName: 'thermo-1' })).toEqual({
      type: 'ACCESS_TOKEN',
      token: 'T1',
    });
    expect(await op.ok('devices.credentials.get', { deviceName: 'probe-2' })).toEqual({
      type: 'MQTT_BASIC',
      clientId: 'probe-2-cid',
      userName: 'probe2',
      password: 's3cret',
    });
    expect((await op.fail('devices.credentials.get', { deviceName: 'ghost' })).code).toBe(
      'NOT_FOUND',
    );
  });

  it('sets new credentials: the session closes, the old token is refused, the new one works', async () => {
    await op.ok('devices.create', { name: 'cred-1', token: 'CRED-OLD' });
    const c = await connectDevice(broker, 'tcp', 4, { username: 'CRED-OLD' });
    const set = await op.ok('devices.credentials.set', {
      deviceName: 'cred-1',
      credentials: { type: 'ACCESS_TOKEN', token: 'CRED-NEW' },
    });
    expect(set).toEqual({ type: 'ACCESS_TOKEN', token: 'CRED-NEW' });
    await c.closed;
    expect((await rawConnect(broker, 'tcp', 4, { username: 'CRED-OLD' }).result)?.code).toBe(5);
    await (await connectDevice(broker, 'tcp', 4, { username: 'CRED-NEW' })).end();
  });

  it('devices.credentials.set errors: ALREADY_EXISTS, INVALID_ARGUMENT (reserved prefix, missing), NOT_FOUND', async () => {
    const taken = await op.fail('devices.credentials.set', {
      deviceName: 'other-1',
      credentials: { type: 'ACCESS_TOKEN', token: 'T1' },
    });
    expect(taken).toMatchObject({
      code: 'ALREADY_EXISTS',
      message: 'these credentials belong to another device',
    });
    const reserved = await op.fail('devices.credentials.set', {
      deviceName: 'other-1',
      credentials: { type: 'ACCESS_TOKEN', token: 'operator:admin' },
    });
    expect(reserved.code).toBe('INVALID_ARGUMENT');
    expect((await op.fail('devices.credentials.set', { deviceName: 'other-1' })).message).toMatch(
      /credentials/,
    );
    expect(
      (
        await op.fail('devices.credentials.set', {
          deviceName: 'ghost',
          credentials: { type: 'ACCESS_TOKEN', token: 'zz' },
        })
      ).code,
    ).toBe('NOT_FOUND');
  });
});

describe('devices.list', () => {
  it('pages over many devices: every device exactly once, totals and hasNext consistent', async () => {
    for (let i = 0; i < 230; i++)
      await broker.hub.devices.create({ name: `bulk-${String(i).padStart(3, '0')}` });
    const seen: string[] = [];
    let offset = 0;
    let total = -1;
    for (;;) {
      const page = await op.ok('devices.list', { offset, limit: 50, nameContains: 'BULK-' });
      total = page.total;
      seen.push(...page.items.map((d) => d.name));
      expect(page.hasNext).toBe(offset + page.items.length < page.total);
      if (!page.hasNext) break;
      offset += page.limit;
    }
    expect(total).toBe(230);
    expect(new Set(seen).size).toBe(230);
    expect(seen).toContain('bulk-229');
    const all = await op.ok('devices.list', { limit: 1000 });
    expect(all.total).toBeGreaterThanOrEqual(230 + 7);
    expect(all.items.length).toBe(all.total);
  });

  it('filters by online status', async () => {
    const c = await connectDevice(broker, 'ws', 5, { username: 'O1' });
    const online = await op.ok('devices.list', { online: true });
    expect(online.items.map((d) => d.name)).toEqual(['other-1']);
    expect(online.total).toBe(1);
    const offline = await op.ok('devices.list', { online: false, nameContains: 'other' });
    expect(offline.total).toBe(0);
    await c.end();
  });

  it('filters by profile: the page total is the device count of the profile', async () => {
    const profile = await op.ok('profiles.create', { name: 'counted-profile' });
    for (const name of ['counted-1', 'counted-2', 'counted-3'])
      await op.ok('devices.create', { name, profile: 'counted-profile' });
    const page = await op.ok('devices.list', { profileId: profile.id, limit: 2 });
    expect(page.total).toBe(3);
    expect(page.items.map((d) => d.name)).toEqual(['counted-1', 'counted-2']);
    expect(page.hasNext).toBe(true);
    const narrowed = await op.ok('devices.list', { profileId: profile.id, nameContains: '-3' });
    expect(narrowed.items.map((d) => d.name)).toEqual(['counted-3']);
    expect((await op.ok('devices.list', { profileId: 'no-such-profile' })).total).toBe(0);
  });

  it('devices.list errors: limit and offset bounds, wrong types', async () => {
    const e = await op.fail('devices.list', { limit: 0, offset: -1, online: 'yes' });
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('offset: offset must be 0 or more');
    expect(e.message).toContain('limit: limit must be at least 1');
    expect(e.message).toContain('online: online must be true or false');
    expect(e.details).toEqual({
      issues: expect.arrayContaining([expect.objectContaining({ path: ['limit'] })]) as unknown,
    });
    expect((await op.fail('devices.list', { limit: 1001 })).message).toMatch(
      /limit must be at most 1000/,
    );
  });
});
