import { applyNow, type ApplyWrite } from './memory-apply.ts';
import { byCreatedThenId, compareStrings } from './ordering.ts';
import type {
  OtaAssignment,
  OtaAssignmentQuery,
  OtaPackageRecord,
  OtaPackageType,
  OtaStore,
  OtaTarget,
} from './ota-store.ts';
import { StorageError, type ProfileStore } from './storage.ts';

/** What the OTA store needs from the rest of the memory adapter. */
export interface MemoryOtaLinks {
  hasDevice(deviceId: string): boolean;
  hasProfile(profileId: string): boolean;
  /** How writes run (default: at once). */
  apply?: ApplyWrite;
  /** Where package bytes live (default: a Map). */
  bytes?: OtaBytes;
}

/** Package bytes by package id: a Map in the memory adapter; the file for the SQLite mirror. */
export interface OtaBytes {
  /** Called inside a write that can no longer fail. */
  put(id: string, bytes: Uint8Array): void;
  /** `OtaStore.readData`. */
  read(id: string, offset: number, length: number): Uint8Array | undefined;
  drop(id: string): void;
  /** Forgets every package's bytes (`Storage.clear`). */
  clear(): void;
}

/** Package bytes in a Map (copies in, copies out). */
export function memoryOtaBytes(): OtaBytes {
  const data = new Map<string, Uint8Array>();
  return {
    put: (id, bytes) => data.set(id, bytes.slice()),
    clear: () => data.clear(),
    read: (id, offset, length) => {
      const bytes = data.get(id);
      if (!bytes) return undefined;
      const from = Math.min(Math.max(0, offset), bytes.length);
      return bytes.slice(from, Math.min(bytes.length, from + Math.max(0, length)));
    },
    drop: (id) => data.delete(id),
  };
}

const targetKey = (target: OtaTarget, type: OtaPackageType): string =>
  `${target.kind}\u0000${target.id}\u0000${type}`;

const copyAssignment = (a: OtaAssignment): OtaAssignment => ({ ...a, target: { ...a.target } });

/** Assignment order of the interface: assignedAt, device before profile, target id, type. */
export function byAssignmentOrder(a: OtaAssignment, b: OtaAssignment): number {
  if (a.assignedAt !== b.assignedAt) return a.assignedAt - b.assignedAt;
  if (a.target.kind !== b.target.kind) return a.target.kind === 'device' ? -1 : 1;
  return compareStrings(a.target.id, b.target.id) || compareStrings(a.type, b.type);
}

const matches = (a: OtaAssignment, q: OtaAssignmentQuery): boolean =>
  (q.packageId === undefined || a.packageId === q.packageId) &&
  (q.type === undefined || a.type === q.type) &&
  (q.target === undefined || (a.target.kind === q.target.kind && a.target.id === q.target.id));

/** OTA packages, their bytes and assignments in Maps; plus the cascades the adapter calls. */
export function createMemoryOta(links: MemoryOtaLinks): OtaStore & {
  dropTarget(target: OtaTarget): void;
  clear(): void;
} {
  const packages = new Map<string, OtaPackageRecord>();
  const data = links.bytes ?? memoryOtaBytes();
  const apply = links.apply ?? applyNow;
  const assignments = new Map<string, OtaAssignment>();

  const requireTarget = (target: OtaTarget): void => {
    const exists =
      target.kind === 'device' ? links.hasDevice(target.id) : links.hasProfile(target.id);
    if (!exists) throw new StorageError('NOT_FOUND', `${target.kind} ${target.id} does not exist`);
  };

  return {
    create: (pkg, bytes) =>
      apply(() => {
        if (packages.has(pkg.id)) throw new StorageError('CONFLICT', `package ${pkg.id} exists`);
        for (const other of packages.values()) {
          if (other.title === pkg.title && other.version === pkg.version) {
            throw new StorageError('CONFLICT', `a package ${pkg.title} ${pkg.version} exists`);
          }
        }
        packages.set(pkg.id, { ...pkg });
        if (bytes) data.put(pkg.id, bytes);
      }),
    get: (id) => {
      const found = packages.get(id);
      return found && { ...found };
    },
    list: () => [...packages.values()].sort(byCreatedThenId).map((p) => ({ ...p })),
    readData: (id, offset, length) => data.read(id, offset, length),
    delete: (id) =>
      apply(() => {
        if (!packages.has(id)) return false;
        for (const a of assignments.values()) {
          if (a.packageId === id) throw new StorageError('CONFLICT', `package ${id} is assigned`);
        }
        packages.delete(id);
        data.drop(id);
        return true;
      }),
    assign: (target, packageId, assignedAt) =>
      apply(() => {
        const pkg = packages.get(packageId);
        if (!pkg) throw new StorageError('NOT_FOUND', `package ${packageId} does not exist`);
        requireTarget(target);
        const assignment: OtaAssignment = {
          target: { ...target },
          type: pkg.type,
          packageId,
          assignedAt,
        };
        assignments.set(targetKey(target, pkg.type), assignment);
        return copyAssignment(assignment);
      }),
    unassign: (target, type) => apply(() => assignments.delete(targetKey(target, type))),
    getAssignment: (target, type) => {
      const found = assignments.get(targetKey(target, type));
      return found && copyAssignment(found);
    },
    listAssignments: (query = {}) =>
      [...assignments.values()]
        .filter((a) => matches(a, query))
        .sort(byAssignmentOrder)
        .map(copyAssignment),
    dropTarget: (target) => {
      for (const type of ['FIRMWARE', 'SOFTWARE'] as const)
        assignments.delete(targetKey(target, type));
    },
    clear: () => {
      packages.clear();
      data.clear();
      assignments.clear();
    },
  };
}

/**
 * The profile store with the OTA cascade of `delete`: a deleted profile loses its assignments at once
 * (read-your-writes), like the SQLite foreign key's ON DELETE CASCADE.
 */
export function withProfileOtaCascade(
  profiles: ProfileStore,
  ota: { dropTarget(target: OtaTarget): void },
): ProfileStore {
  return {
    ...profiles,
    delete: (id) => {
      const outcome = profiles.delete(id);
      // memory writes apply synchronously: the profile is gone now if the delete succeeded
      if (profiles.get(id) === undefined) ota.dropTarget({ kind: 'profile', id });
      return outcome;
    },
  };
}
