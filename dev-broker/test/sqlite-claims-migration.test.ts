import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { migrate, MIGRATIONS } from '../storage/sqlite-migrations.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { seedDevice } from './storage-contract/fixtures.ts';
import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-claims');

describe('migration 2: customers and claim registrations (spec §9)', () => {
  it('upgrades a version-1 file in place: devices kept, claims and customers usable', async () => {
    const file = newFile();
    const v1 = new Database(file);
    migrate(
      v1,
      MIGRATIONS.filter((m) => m.version === 1),
    );
    v1.close();

    const first = openSqliteStorage({ file });
    const device = await seedDevice(first);
    await first.close();

    const db = new Database(file);
    try {
      expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({
        v: MIGRATIONS.at(-1)?.version,
      });
      expect(
        db
          .prepare(
            "SELECT name FROM sqlite_master WHERE name IN ('customers', 'claims') ORDER BY name",
          )
          .all(),
      ).toEqual([{ name: 'claims' }, { name: 'customers' }]);
    } finally {
      db.close();
    }

    const again = openSqliteStorage({ file });
    try {
      expect(again.devices.get(device.id)).toEqual(device);
      await again.customers.save({ id: 'cu-1', name: 'Acme', createdAt: 1 });
      await again.devices.update({ ...device, customerId: 'cu-1' });
      await again.claims.save({ deviceId: device.id, secretKey: 's', expiresAt: 10, createdAt: 1 });
      expect(again.claims.get(device.id)?.secretKey).toBe('s');
      expect(again.devices.get(device.id)?.customerId).toBe('cu-1');
    } finally {
      await again.close();
    }
  });
});
