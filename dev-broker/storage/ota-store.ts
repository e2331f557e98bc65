import type { OtaPackageDto, OtaPackageTypeName } from '../../src/protocol/operator-ota-dto.ts';

/** FIRMWARE packages are served on `v2/fw/…`, SOFTWARE on `v2/sw/…` (spec §11). */
export type OtaPackageType = OtaPackageTypeName;

/**
 * An OTA package as stored (spec §11), in the shape the operator API returns it. Its bytes are kept
 * apart (`OtaStore.readData`).
 */
export type OtaPackageRecord = OtaPackageDto;

/** What a package is assigned to: one device, or every device of a profile (spec §11). */
export type OtaTarget = { kind: 'device'; id: string } | { kind: 'profile'; id: string };

/** One assignment: at most one per target and package type. */
export interface OtaAssignment {
  target: OtaTarget;
  type: OtaPackageType;
  packageId: string;
  assignedAt: number;
}

/** Filters for `OtaStore.listAssignments`; every given field must match. */
export interface OtaAssignmentQuery {
  packageId?: string;
  target?: OtaTarget;
  type?: OtaPackageType;
}

/**
 * OTA packages with their bytes, and their assignments (spec §11). Deleting a device or a profile
 * deletes its assignments; deleting a package deletes its bytes and is refused (CONFLICT) while the
 * package is still assigned.
 */
export interface OtaStore {
  /**
   * Stores the package and its bytes (`null` for a URL package) atomically. Rejects CONFLICT on a
   * taken id or a taken (title, version) pair, as the reference does.
   */
  create(pkg: OtaPackageRecord, data: Uint8Array | null): Promise<void>;
  get(id: string): OtaPackageRecord | undefined;
  /** Ordered by createdAt, then id. */
  list(): OtaPackageRecord[];
  /**
   * Up to `length` bytes of the package's data from `offset` (fewer at the end, none past it);
   * undefined when the package has no stored bytes.
   */
  readData(id: string, offset: number, length: number): Uint8Array | undefined;
  /** Deletes the package and its bytes; rejects CONFLICT while an assignment names it. */
  delete(id: string): Promise<boolean>;
  /**
   * Creates or replaces the assignment of the package's type on the target. Rejects NOT_FOUND on an
   * unknown package, device or profile.
   */
  assign(target: OtaTarget, packageId: string, assignedAt: number): Promise<OtaAssignment>;
  /** Removes the target's assignment of that type; resolves to whether there was one. */
  unassign(target: OtaTarget, type: OtaPackageType): Promise<boolean>;
  getAssignment(target: OtaTarget, type: OtaPackageType): OtaAssignment | undefined;
  /** Ordered by assignedAt, then target kind (device first), then target id, then type. */
  listAssignments(query?: OtaAssignmentQuery): OtaAssignment[];
}
