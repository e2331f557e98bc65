import type { ChecksumAlgorithm } from '../../src/protocol/checksum.ts';

import type {
  OtaAssignment,
  OtaAssignmentQuery,
  OtaPackageRecord,
  OtaPackageType,
  OtaStore,
  OtaTarget,
} from './ota-store.ts';
import type { SqliteContext } from './sqlite-context.ts';
import { OTA_PART_BYTES } from './sqlite-ota-schema.ts';
import { StorageError } from './storage.ts';

interface PackageRow {
  id: string;
  title: string;
  version: string;
  tag: string | null;
  type: OtaPackageType;
  url: string | null;
  file_name: string;
  content_type: string;
  size: number;
  checksum_algorithm: ChecksumAlgorithm | null;
  checksum: string | null;
  created_at: number;
}

interface AssignmentRow {
  kind: OtaTarget['kind'];
  target_id: string;
  type: OtaPackageType;
  package_id: string;
  assigned_at: number;
}

const toPackage = (r: PackageRow): OtaPackageRecord => ({
  id: r.id,
  title: r.title,
  version: r.version,
  tag: r.tag,
  type: r.type,
  url: r.url,
  fileName: r.file_name,
  contentType: r.content_type,
  size: r.size,
  checksumAlgorithm: r.checksum_algorithm,
  checksum: r.checksum,
  createdAt: r.created_at,
});

const toAssignment = (r: AssignmentRow): OtaAssignment => ({
  target: { kind: r.kind, id: r.target_id },
  type: r.type,
  packageId: r.package_id,
  assignedAt: r.assigned_at,
});

/** Both assignment tables as one relation (kind, target_id, type, package_id, assigned_at). */
const ALL_ASSIGNMENTS = `
  SELECT 'device' AS kind, device_id AS target_id, type, package_id, assigned_at FROM ota_device_assignments
  UNION ALL
  SELECT 'profile' AS kind, profile_id AS target_id, type, package_id, assigned_at FROM ota_profile_assignments`;

interface AssignmentFilter {
  packageId: string | null;
  kind: string | null;
  targetId: string | null;
  type: string | null;
}

/** OTA packages (bytes as a BLOB in `ota_package_data`) and assignments; see sqlite-ota-schema.ts. */
export function createSqliteOta({ db, commits }: SqliteContext): OtaStore {
  const table = (target: OtaTarget) =>
    target.kind === 'device'
      ? { name: 'ota_device_assignments', column: 'device_id' }
      : { name: 'ota_profile_assignments', column: 'profile_id' };
  const assignmentSql = (target: OtaTarget) => {
    const { name, column } = table(target);
    return {
      upsert: db.prepare<[string, string, string, number]>(
        `INSERT INTO ${name} (${column}, type, package_id, assigned_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (${column}, type) DO UPDATE SET package_id = excluded.package_id, assigned_at = excluded.assigned_at`,
      ),
      delete: db.prepare<[string, string]>(`DELETE FROM ${name} WHERE ${column} = ? AND type = ?`),
    };
  };
  const q = {
    insert: db.prepare(`
      INSERT INTO ota_packages (id, title, version, tag, type, url, file_name, content_type, size,
        checksum_algorithm, checksum, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertPart: db.prepare<[string, number, Buffer]>(
      'INSERT INTO ota_package_data (package_id, part, data) VALUES (?, ?, ?)',
    ),
    get: db.prepare<[string], PackageRow>('SELECT * FROM ota_packages WHERE id = ?'),
    list: db.prepare<[], PackageRow>('SELECT * FROM ota_packages ORDER BY created_at, id'),
    parts: db.prepare<[string, number, number], { part: number; data: Buffer }>(
      'SELECT part, data FROM ota_package_data WHERE package_id = ? AND part BETWEEN ? AND ? ORDER BY part',
    ),
    hasData: db
      .prepare<[string], number>('SELECT 1 FROM ota_package_data WHERE package_id = ? AND part = 0')
      .pluck(),
    assigned: db
      .prepare<[string], number>(`SELECT 1 FROM (${ALL_ASSIGNMENTS}) WHERE package_id = ? LIMIT 1`)
      .pluck(),
    delete: db.prepare<[string]>('DELETE FROM ota_packages WHERE id = ?'),
    targetExists: {
      device: db.prepare<[string], number>('SELECT 1 FROM devices WHERE id = ?').pluck(),
      profile: db.prepare<[string], number>('SELECT 1 FROM profiles WHERE id = ?').pluck(),
    },
    assignments: db.prepare<[AssignmentFilter], AssignmentRow>(`
      SELECT * FROM (${ALL_ASSIGNMENTS})
      WHERE (@packageId IS NULL OR package_id = @packageId) AND (@kind IS NULL OR kind = @kind)
        AND (@targetId IS NULL OR target_id = @targetId) AND (@type IS NULL OR type = @type)
      ORDER BY assigned_at, kind, target_id, type`),
    device: assignmentSql({ kind: 'device', id: '' }),
    profile: assignmentSql({ kind: 'profile', id: '' }),
  };
  /** Part 0 always, then one row per further OTA_PART_BYTES. */
  const writeParts = (id: string, data: Uint8Array): void => {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (let part = 0; part === 0 || part * OTA_PART_BYTES < bytes.length; part++) {
      q.insertPart.run(
        id,
        part,
        bytes.subarray(part * OTA_PART_BYTES, (part + 1) * OTA_PART_BYTES),
      );
    }
  };
  const listAssignments = (query: OtaAssignmentQuery = {}): OtaAssignment[] =>
    q.assignments
      .all({
        packageId: query.packageId ?? null,
        kind: query.target?.kind ?? null,
        targetId: query.target?.id ?? null,
        type: query.type ?? null,
      })
      .map(toAssignment);

  return {
    create: (p, data) =>
      commits.write(() => {
        q.insert.run(
          p.id,
          p.title,
          p.version,
          p.tag,
          p.type,
          p.url,
          p.fileName,
          p.contentType,
          p.size,
          p.checksumAlgorithm,
          p.checksum,
          p.createdAt,
        );
        if (data) writeParts(p.id, data);
      }),
    get: (id) => {
      const row = q.get.get(id);
      return row && toPackage(row);
    },
    list: () => q.list.all().map(toPackage),
    readData: (id, offset, length) => {
      const from = Math.max(0, Math.floor(offset));
      const end = from + Math.max(0, Math.floor(length));
      const rows =
        end > from
          ? q.parts.all(
              id,
              Math.floor(from / OTA_PART_BYTES),
              Math.floor((end - 1) / OTA_PART_BYTES),
            )
          : [];
      const last = rows.at(-1);
      if (!last) return q.hasData.get(id) === undefined ? undefined : new Uint8Array(0);
      const dataEnd = last.part * OTA_PART_BYTES + last.data.length;
      const out = new Uint8Array(Math.max(0, Math.min(end, dataEnd) - from));
      for (const { part, data } of rows) {
        const start = part * OTA_PART_BYTES;
        const a = Math.max(from, start);
        const b = Math.min(end, start + data.length);
        if (b > a) out.set(data.subarray(a - start, b - start), a - from);
      }
      return out;
    },
    delete: (id) =>
      commits.write(() => {
        if (q.assigned.get(id) !== undefined)
          throw new StorageError('CONFLICT', `package ${id} is assigned`);
        return q.delete.run(id).changes > 0;
      }),
    assign: (target, packageId, assignedAt) =>
      commits.write(() => {
        const pkg = q.get.get(packageId);
        if (!pkg) throw new StorageError('NOT_FOUND', `package ${packageId} does not exist`);
        if (q.targetExists[target.kind].get(target.id) === undefined) {
          throw new StorageError('NOT_FOUND', `${target.kind} ${target.id} does not exist`);
        }
        q[target.kind].upsert.run(target.id, pkg.type, packageId, assignedAt);
        return { target: { ...target }, type: pkg.type, packageId, assignedAt };
      }),
    unassign: (target, type) =>
      commits.write(() => q[target.kind].delete.run(target.id, type).changes > 0),
    getAssignment: (target, type) => listAssignments({ target, type })[0],
    listAssignments,
  };
}
