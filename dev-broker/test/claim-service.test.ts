import { beforeEach, describe, expect, it } from 'vitest';

import { settingsSchema } from '../config/settings.ts';
import { AttributesService } from '../platform/attributes-service.ts';
import { ClaimService, type ClaimChange } from '../platform/claim-service.ts';
import { EventsService } from '../platform/events-service.ts';
import { createLogger } from '../platform/logger.ts';
import { SessionRegistry } from '../platform/session-registry.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';
import type { DeviceRecord, Storage } from '../storage/storage.ts';

import { seedDevice } from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('claim-service');

/** ClaimService over memory storage with a fake clock: the spec §9 table, including rows MQTT cannot reach. */
describe('ClaimService (spec §9), in process with a fake clock', () => {
  let storage: Storage;
  let claims: ClaimService;
  let clock: number;
  let device: DeviceRecord;
  let changes: ClaimChange[];
  const settings = settingsSchema.parse({});

  beforeEach(async () => {
    storage = createMemoryStorage();
    clock = 1_000_000;
    const attributes = new AttributesService(storage, new SessionRegistry(), () => ({
      typeCastEnabled: true,
      maxStringValueLength: 0,
    }));
    const events = new EventsService(storage, createLogger('silent'), () =>
      settingsSchema.parse({}),
    );
    claims = new ClaimService(
      storage,
      attributes,
      events,
      () => settings,
      () => clock,
    );
    device = await seedDevice(storage);
    changes = [];
    claims.onChange((c) => changes.push(c));
  });

  /** Gives the device a customer by another path than claiming (the reference's "assign to customer"). */
  async function assignOutOfBand(customerId: string): Promise<void> {
    await storage.customers.save({ id: customerId, name: `owner ${customerId}`, createdAt: 1 });
    await storage.devices.update({ ...device, customerId });
  }

  it('row 2: valid registration, matching secret, device already owned → CLAIMED; registration removed; owner kept', async () => {
    await claims.register(device, 's', 60_000);
    await assignOutOfBand('cu-x');
    await expect(claims.claim(device.name, 's', 'Other')).resolves.toBe('CLAIMED');
    expect(storage.claims.get(device.id)).toBeUndefined();
    expect(storage.devices.get(device.id)?.customerId).toBe('cu-x');
    expect(storage.customers.getByName('Other')).toBeUndefined();
    expect(changes.at(-1)).toEqual({
      kind: 'claimed',
      deviceId: device.id,
      deviceName: device.name,
      result: 'CLAIMED',
      customerId: 'cu-x',
      customerName: 'owner cu-x',
    });
  });

  it('the secret and expiry are checked before the owner (reference order): wrong secret on an owned device → FAILURE', async () => {
    await claims.register(device, 's', 60_000);
    await assignOutOfBand('cu-y');
    await expect(claims.claim(device.name, 'wrong', 'Other')).resolves.toBe('FAILURE');
    expect(storage.claims.get(device.id)).toBeUndefined();
    expect(storage.devices.get(device.id)?.customerId).toBe('cu-y');
  });

  it('expiry boundary: valid at exactly expiresAt, expired one ms later (operator side)', async () => {
    await claims.register(device, 's', 100);
    clock += 100;
    await expect(claims.claim(device.name, 's', 'C')).resolves.toBe('SUCCESS');
    const other = await seedDevice(storage);
    await claims.register(other, 's', 100);
    clock += 101;
    await expect(claims.claim(other.name, 's', 'C')).resolves.toBe('FAILURE');
    expect(storage.claims.get(other.id)).toBeUndefined();
    expect(storage.devices.get(other.id)?.customerId).toBeNull();
  });

  it('expiry boundary on the device side: refused at expiresAt, replaced one ms later', async () => {
    await expect(claims.register(device, 'first', 100)).resolves.toEqual({
      registered: true,
      expiresAt: 1_000_100,
    });
    clock = 1_000_100;
    expect((await claims.register(device, 'second', 100)).registered).toBe(false);
    expect(storage.claims.get(device.id)?.secretKey).toBe('first');
    clock = 1_000_101;
    await expect(claims.register(device, 'second', 100)).resolves.toEqual({
      registered: true,
      expiresAt: 1_000_201,
    });
    expect(storage.claims.get(device.id)).toEqual({
      deviceId: device.id,
      secretKey: 'second',
      expiresAt: 1_000_201,
      createdAt: 1_000_101,
    });
  });

  it.each([
    ['', undefined, 'SUCCESS'],
    ['', '', 'SUCCESS'],
    ['', 'x', 'FAILURE'],
    ['abc', undefined, 'FAILURE'],
    ['abc', '', 'FAILURE'],
    ['abc', 'ABC', 'FAILURE'],
    ['abc', 'abc ', 'FAILURE'],
    ['abc', 'abc', 'SUCCESS'],
  ] as const)('stored secret %j, operator secret %j → %s', async (stored, given, result) => {
    await claims.register(device, stored, undefined);
    await expect(claims.claim(device.name, given, 'C')).resolves.toBe(result);
    expect(storage.devices.get(device.id)?.customerId !== null).toBe(result === 'SUCCESS');
  });

  it('durationMs missing or ≤ 0 → claim.defaultDurationMs; a positive one is used as is', async () => {
    for (const [duration, expected] of [
      [undefined, 86_400_000],
      [0, 86_400_000],
      [-5, 86_400_000],
      [1, 1],
    ] as const) {
      await storage.claims.delete(device.id);
      await claims.register(device, '', duration);
      expect(storage.claims.get(device.id)?.expiresAt).toBe(clock + expected);
    }
  });

  it('tells listeners about registrations, claims and reclaims; refused registrations only make events', async () => {
    await claims.register(device, 'k', 10);
    await claims.register(device, 'k2', 10);
    await claims.claim(device.name, 'k', 'Acme');
    await claims.reclaim(device.name);
    const customerId = storage.customers.getByName('Acme')?.id ?? 'missing';
    expect(changes).toEqual([
      { kind: 'registered', deviceId: device.id, deviceName: device.name, expiresAt: clock + 10 },
      {
        kind: 'claimed',
        deviceId: device.id,
        deviceName: device.name,
        result: 'SUCCESS',
        customerId,
        customerName: 'Acme',
      },
      {
        kind: 'reclaimed',
        deviceId: device.id,
        deviceName: device.name,
        customerId,
        customerName: 'Acme',
      },
    ]);
    expect(storage.events.list({ deviceId: device.id, kinds: ['dropped'] })).toHaveLength(1);
  });

  it('an empty customer name is an INVALID_ARGUMENT error and changes nothing', async () => {
    await claims.register(device, 'k', 10);
    await expect(claims.claim(device.name, 'k', '  ')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(storage.claims.get(device.id)?.secretKey).toBe('k');
  });

  it('register resolves only after the SQLite commit that holds the registration', async () => {
    const sqlite = openSqliteStorage({ file: newFile() });
    try {
      const attributes = new AttributesService(sqlite, new SessionRegistry(), () => ({
        typeCastEnabled: true,
        maxStringValueLength: 0,
      }));
      const service = new ClaimService(
        sqlite,
        attributes,
        new EventsService(sqlite, createLogger('silent'), () => settingsSchema.parse({})),
        () => settings,
      );
      const stored = await seedDevice(sqlite);
      const commits = sqlite.stats().commits;
      await service.register(stored, 'k', 1000);
      expect(sqlite.stats().commits).toBe(commits + 1);
    } finally {
      await sqlite.close();
    }
  });

  it('the device is found by id as well as by name', async () => {
    await claims.register(device, 'k', 10);
    await expect(claims.claim(device.id, 'k', 'Acme')).resolves.toBe('SUCCESS');
    await expect(claims.reclaim(device.id)).resolves.toEqual({
      released: true,
      customerId: storage.customers.getByName('Acme')?.id,
      customerName: 'Acme',
    });
  });
});
