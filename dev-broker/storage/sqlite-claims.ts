import type { ClaimRecord, ClaimStore, CustomerRecord, CustomerStore } from './claim-records.ts';
import type { SqliteContext } from './sqlite-context.ts';
import { StorageError } from './storage.ts';

interface CustomerRow {
  id: string;
  name: string;
  created_at: number;
}

const toCustomer = (r: CustomerRow): CustomerRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
});

/** Customers in the `customers` table (unique name); migration 2. */
export function createSqliteCustomers({ db, commits }: SqliteContext): CustomerStore {
  const q = {
    list: db.prepare<[], CustomerRow>('SELECT * FROM customers ORDER BY created_at, id'),
    get: db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE id = ?'),
    byName: db.prepare<[string], CustomerRow>('SELECT * FROM customers WHERE name = ?'),
    owns: db
      .prepare<[string], number>('SELECT 1 FROM devices WHERE customer_id = ? LIMIT 1')
      .pluck(),
    upsert: db.prepare<[string, string, number]>(`
      INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at`),
    delete: db.prepare<[string]>('DELETE FROM customers WHERE id = ?'),
  };
  const one = (row: CustomerRow | undefined): CustomerRecord | undefined => row && toCustomer(row);

  return {
    list: () => q.list.all().map(toCustomer),
    get: (id) => one(q.get.get(id)),
    getByName: (name) => one(q.byName.get(name)),
    save: (c) =>
      commits.write(() => {
        q.upsert.run(c.id, c.name, c.createdAt);
      }),
    delete: (id) =>
      commits.write(() => {
        if (q.owns.get(id) !== undefined) {
          throw new StorageError('CONFLICT', `customer ${id} still owns a device`);
        }
        return q.delete.run(id).changes > 0;
      }),
  };
}

interface ClaimRow {
  device_id: string;
  secret_key: string;
  expires_at: number;
  created_at: number;
}

const toClaim = (r: ClaimRow): ClaimRecord => ({
  deviceId: r.device_id,
  secretKey: r.secret_key,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});

/** Claim registrations in the `claims` table; they cascade with their device (migration 2). */
export function createSqliteClaims({ db, commits, requireDevice }: SqliteContext): ClaimStore {
  const q = {
    get: db.prepare<[string], ClaimRow>('SELECT * FROM claims WHERE device_id = ?'),
    list: db.prepare<[], ClaimRow>('SELECT * FROM claims ORDER BY created_at, device_id'),
    upsert: db.prepare<[string, string, number, number]>(`
      INSERT INTO claims (device_id, secret_key, expires_at, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (device_id) DO UPDATE SET secret_key = excluded.secret_key,
        expires_at = excluded.expires_at, created_at = excluded.created_at`),
    delete: db.prepare<[string]>('DELETE FROM claims WHERE device_id = ?'),
  };

  return {
    get: (deviceId) => {
      const row = q.get.get(deviceId);
      return row && toClaim(row);
    },
    list: () => q.list.all().map(toClaim),
    save: (c) =>
      commits.write(() => {
        requireDevice(c.deviceId);
        q.upsert.run(c.deviceId, c.secretKey, c.expiresAt, c.createdAt);
      }),
    delete: (deviceId) => commits.write(() => q.delete.run(deviceId).changes > 0),
  };
}
