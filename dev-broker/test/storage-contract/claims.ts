import { describe, expect, it } from 'vitest';

import type { ClaimRecord, CustomerRecord } from '../../storage/claim-records.ts';

import { expectStorageError, seedDevice, type ContractContext } from './fixtures.ts';

let seq = 0;

/** A customer with unique id and name; `overrides` win. */
export function aCustomer(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  const n = ++seq;
  return {
    id: `customer-${String(n)}`,
    name: `Customer ${String(n)}`,
    createdAt: 1_700_000_000_000 + n,
    ...overrides,
  };
}

/** A registration for the device; `overrides` win. */
function aClaim(deviceId: string, overrides: Partial<ClaimRecord> = {}): ClaimRecord {
  return {
    deviceId,
    secretKey: 'abc',
    expiresAt: 1_800_000_000_000,
    createdAt: 1_700_000_000_000 + ++seq,
    ...overrides,
  };
}

/** CustomerStore: save (create and replace), lookup by name, unique names, delete guarded by owned devices. */
export function customerContract(ctx: ContractContext): void {
  describe('customers', () => {
    it('saves, gets, finds by exact name, lists by createdAt then id, hands out copies', async () => {
      const { customers } = ctx.storage;
      const b = aCustomer({ id: 'c-b', createdAt: 20 });
      const a = aCustomer({ id: 'c-a', createdAt: 20 });
      const c = aCustomer({ id: 'c-c', createdAt: 10, name: 'Ünïcode Çustomer' });
      await Promise.all([customers.save(b), customers.save(a), customers.save(c)]);
      expect(customers.get('c-a')).toEqual(a);
      expect(customers.get('nope')).toBeUndefined();
      expect(customers.getByName(c.name)).toEqual(c);
      expect(customers.getByName(c.name.toLowerCase())).toBeUndefined();
      expect(customers.list().map((x) => x.id)).toEqual(['c-c', 'c-a', 'c-b']);
      const copy = customers.get('c-a');
      if (copy) copy.name = 'changed';
      expect(customers.get('c-a')?.name).toBe(a.name);
    });

    it('replaces a customer saved again under the same id and moves its name', async () => {
      const { customers } = ctx.storage;
      const first = aCustomer();
      await customers.save(first);
      const renamed = { ...first, name: 'Renamed' };
      await customers.save(renamed);
      expect(customers.list()).toEqual([renamed]);
      expect(customers.getByName(first.name)).toBeUndefined();
      expect(customers.getByName('Renamed')).toEqual(renamed);
      // the old name is free again
      await customers.save(aCustomer({ id: 'other', name: first.name }));
      expect(customers.getByName(first.name)?.id).toBe('other');
    });

    it('rejects CONFLICT on a duplicate name and keeps the first', async () => {
      const { customers } = ctx.storage;
      const first = aCustomer({ name: 'Same' });
      await customers.save(first);
      await expectStorageError(customers.save(aCustomer({ id: 'dup', name: 'Same' })), 'CONFLICT');
      expect(customers.get('dup')).toBeUndefined();
      expect(customers.list()).toEqual([first]);
    });

    it('deletes a customer without devices; refuses one that still owns a device', async () => {
      const { customers, devices } = ctx.storage;
      const owner = aCustomer();
      const free = aCustomer();
      await customers.save(owner);
      await customers.save(free);
      const device = await seedDevice(ctx.storage, { customerId: owner.id });
      await expectStorageError(customers.delete(owner.id), 'CONFLICT');
      expect(customers.get(owner.id)).toEqual(owner);
      await expect(customers.delete(free.id)).resolves.toBe(true);
      await expect(customers.delete(free.id)).resolves.toBe(false);
      await devices.update({ ...device, customerId: null });
      await expect(customers.delete(owner.id)).resolves.toBe(true);
      expect(customers.list()).toEqual([]);
    });
  });
}

/** ClaimStore: one registration per device, replace, NOT_FOUND for unknown devices, delete cascade. */
export function claimContract(ctx: ContractContext): void {
  describe('claim registrations', () => {
    it('saves, gets, replaces per device and lists by createdAt then deviceId', async () => {
      const { claims } = ctx.storage;
      const d1 = await seedDevice(ctx.storage, { id: 'claim-d1' });
      const d2 = await seedDevice(ctx.storage, { id: 'claim-d2' });
      const d3 = await seedDevice(ctx.storage, { id: 'claim-d3' });
      const c2 = aClaim(d2.id, { createdAt: 5, secretKey: '' });
      const c1 = aClaim(d1.id, { createdAt: 5 });
      const c3 = aClaim(d3.id, { createdAt: 1, expiresAt: 2 ** 52 });
      await Promise.all([claims.save(c2), claims.save(c1), claims.save(c3)]);
      expect(claims.get(d2.id)).toEqual(c2);
      expect(claims.get(d3.id)).toEqual(c3);
      expect(claims.get('nope')).toBeUndefined();
      expect(claims.list().map((c) => c.deviceId)).toEqual([d3.id, d1.id, d2.id]);
      const replaced = aClaim(d1.id, { secretKey: 'new', expiresAt: 7, createdAt: 9 });
      await claims.save(replaced);
      expect(claims.get(d1.id)).toEqual(replaced);
      expect(claims.list()).toHaveLength(3);
      const copy = claims.get(d1.id);
      if (copy) copy.secretKey = 'changed';
      expect(claims.get(d1.id)?.secretKey).toBe('new');
    });

    it('rejects NOT_FOUND for an unknown device and stores nothing', async () => {
      await expectStorageError(ctx.storage.claims.save(aClaim('ghost-device')), 'NOT_FOUND');
      expect(ctx.storage.claims.get('ghost-device')).toBeUndefined();
      expect(ctx.storage.claims.list()).toEqual([]);
    });

    it('deletes a registration; deleting the device deletes its registration', async () => {
      const { claims, devices } = ctx.storage;
      const kept = await seedDevice(ctx.storage);
      const doomed = await seedDevice(ctx.storage);
      await claims.save(aClaim(kept.id));
      await claims.save(aClaim(doomed.id));
      await expect(claims.delete(kept.id)).resolves.toBe(true);
      await expect(claims.delete(kept.id)).resolves.toBe(false);
      expect(claims.get(kept.id)).toBeUndefined();
      await devices.delete(doomed.id);
      expect(claims.get(doomed.id)).toBeUndefined();
      expect(claims.list()).toEqual([]);
    });
  });
}
