import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { migrate, MIGRATIONS } from '../storage/sqlite-migrations.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-profile-compat');

describe('migration 4: the profile JSON compatibility switch (spec §2 Protobuf)', () => {
  it('upgrades a version-3 file: existing profiles get false; the switch is stored and read back', async () => {
    const file = newFile();
    const v3 = new Database(file);
    migrate(
      v3,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    v3.prepare(
      `INSERT INTO profiles (id, name, payload_type, send_ack_on_validation_exception, provision_type, provision_key,
        provision_secret, is_default, created_at) VALUES ('p-old', 'old', 'PROTOBUF', 0, 'DISABLED', NULL, NULL, 0, 1)`,
    ).run();
    v3.close();

    const storage = openSqliteStorage({ file });
    try {
      const old = storage.profiles.get('p-old');
      expect(old).toMatchObject({
        payloadType: 'PROTOBUF',
        enableCompatibilityWithJsonPayloadFormat: false,
      });
      if (!old) return;
      await storage.profiles.save({ ...old, enableCompatibilityWithJsonPayloadFormat: true });
      expect(storage.profiles.get('p-old')?.enableCompatibilityWithJsonPayloadFormat).toBe(true);
    } finally {
      await storage.close();
    }
    const reopened = openSqliteStorage({ file });
    try {
      expect(reopened.profiles.getByName('old')?.enableCompatibilityWithJsonPayloadFormat).toBe(
        true,
      );
    } finally {
      await reopened.close();
    }
  });
});
