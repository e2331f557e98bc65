/** Bytes per stored part of a package (the last part may be shorter). Stored data depends on it: never change it. */
export const OTA_PART_BYTES = 65536;

/**
 * Schema step 3: OTA packages, their bytes and assignments (spec §11). A shipped step never changes.
 * Bytes live in their own table, so listing packages never reads them, cut into parts of
 * `OTA_PART_BYTES` (part 0 always exists, empty for an empty file): SQLite reads a whole BLOB value to
 * take a substring of it, so one 16 MiB BLOB would cost a 16 MiB read per chunk request, while a
 * chunk read here touches one or two parts. Assignments use one table per
 * target kind, so that deleting a device or a profile cascades through a real foreign key; a package
 * cannot be deleted while assigned (no ON DELETE on package_id).
 */
export const OTA_SCHEMA = `
  CREATE TABLE ota_packages (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    version TEXT NOT NULL,
    tag TEXT,
    type TEXT NOT NULL CHECK (type IN ('FIRMWARE', 'SOFTWARE')),
    url TEXT,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    checksum_algorithm TEXT,
    checksum TEXT,
    created_at INTEGER NOT NULL,
    UNIQUE (title, version)
  );
  CREATE INDEX ota_packages_by_created ON ota_packages (created_at, id);
  CREATE TABLE ota_package_data (
    package_id TEXT NOT NULL REFERENCES ota_packages (id) ON DELETE CASCADE,
    part INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (package_id, part)
  );
  CREATE TABLE ota_device_assignments (
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('FIRMWARE', 'SOFTWARE')),
    package_id TEXT NOT NULL REFERENCES ota_packages (id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, type)
  ) WITHOUT ROWID;
  CREATE INDEX ota_device_assignments_by_package ON ota_device_assignments (package_id);
  CREATE TABLE ota_profile_assignments (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('FIRMWARE', 'SOFTWARE')),
    package_id TEXT NOT NULL REFERENCES ota_packages (id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (profile_id, type)
  ) WITHOUT ROWID;
  CREATE INDEX ota_profile_assignments_by_package ON ota_profile_assignments (package_id);
`;
