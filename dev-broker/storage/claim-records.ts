/**
 * Records and stores for claiming (spec §9): customers, the minimal owner entity a device is claimed
 * for, and claim registrations, the `{secretKey, expiresAt}` a device leaves for the operator. Both are
 * members of `Storage` (`customers`, `claims`) and follow its rules: synchronous reads that see every
 * issued write, writes that resolve once durable, `StorageError` CONFLICT / NOT_FOUND / IO.
 */

/** A customer: who a claimed device belongs to (`DeviceRecord.customerId`). Names are unique. */
export interface CustomerRecord {
  id: string;
  name: string;
  createdAt: number;
}

export interface CustomerStore {
  /** Ordered by createdAt, then id. */
  list(): CustomerRecord[];
  get(id: string): CustomerRecord | undefined;
  /** Exact, case-sensitive. */
  getByName(name: string): CustomerRecord | undefined;
  /** Creates or replaces by id; rejects CONFLICT on a name taken by another customer. */
  save(customer: CustomerRecord): Promise<void>;
  /** Rejects CONFLICT while a device still belongs to the customer. */
  delete(id: string): Promise<boolean>;
}

/** A device's claim registration (spec §9): at most one per device. */
export interface ClaimRecord {
  deviceId: string;
  /** `""` when the device gave none. */
  secretKey: string;
  /** Epoch ms; the registration is expired once the clock is past it. */
  expiresAt: number;
  createdAt: number;
}

/** Claim registrations by device; deleting a device deletes its registration. */
export interface ClaimStore {
  get(deviceId: string): ClaimRecord | undefined;
  /** Ordered by createdAt, then deviceId. */
  list(): ClaimRecord[];
  /** Creates or replaces the device's registration; rejects NOT_FOUND on an unknown device. */
  save(claim: ClaimRecord): Promise<void>;
  delete(deviceId: string): Promise<boolean>;
}
