import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { DEFAULT_PROTO_PROFILE_SETTINGS } from '../../src/protocol/proto/profile-schema-defaults.ts';
import { migrate, MIGRATIONS } from '../storage/sqlite-migrations.ts';
import { openSqliteStorage } from '../storage/sqlite-storage.ts';

import { useTempDbFiles } from './temp-files.ts';

const newFile = useTempDbFiles('sqlite-profile-schemas');

describe('migration 5: profile .proto schemas and the JSON downlink switch (spec §2.3)', () => {
  it("upgrades a version-4 file: existing profiles get the reference's defaults; edits survive a reopen", async () => {
    const file = newFile();
    const v4 = new Database(file);
    migrate(
      v4,
      MIGRATIONS.filter((m) => m.version <= 4),
    );
    v4.prepare(
      `INSERT INTO profiles (id, name, payload_type, send_ack_on_validation_exception, provision_type, provision_key,
        provision_secret, is_default, created_at, enable_json_compatibility)
        VALUES ('p-old', 'old', 'PROTOBUF', 0, 'DISABLED', NULL, NULL, 0, 1, 1)`,
    ).run();
    v4.close();

    const custom = 'syntax = "proto3";\npackage mine;\nmessage Reading { int64 ts = 1; }';
    const storage = openSqliteStorage({ file });
    try {
      const old = storage.profiles.get('p-old');
      expect(old).toMatchObject({
        ...DEFAULT_PROTO_PROFILE_SETTINGS,
        enableCompatibilityWithJsonPayloadFormat: true,
      });
      if (!old) return;
      await storage.profiles.save({
        ...old,
        deviceTelemetryProtoSchema: custom,
        useJsonPayloadFormatForDefaultDownlinkTopics: true,
      });
    } finally {
      await storage.close();
    }
    const reopened = openSqliteStorage({ file });
    try {
      expect(reopened.profiles.getByName('old')).toMatchObject({
        deviceTelemetryProtoSchema: custom,
        deviceAttributesProtoSchema: DEFAULT_PROTO_PROFILE_SETTINGS.deviceAttributesProtoSchema,
        useJsonPayloadFormatForDefaultDownlinkTopics: true,
      });
    } finally {
      await reopened.close();
    }
  });
});
