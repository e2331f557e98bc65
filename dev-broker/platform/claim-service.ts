import { randomUUID } from 'node:crypto';

import { GATEWAY_TOPICS } from '../../src/protocol/topics.ts';
import type { Settings } from '../config/settings.ts';
import type { ClaimRecord, CustomerRecord } from '../storage/claim-records.ts';
import type { DeviceRecord, Storage } from '../storage/storage.ts';

import type { AttributesService } from './attributes-service.ts';
import { invalid, notFound } from './errors.ts';
import type { EventsService } from './events-service.ts';

/** The server attribute that opens claiming when `claim.allowByDefault` is false (spec §9). */
export const CLAIMING_ALLOWED = 'claimingAllowed';

/** The operator's claim result, exactly one of the reference's three strings (spec §9). */
export type ClaimResult = 'SUCCESS' | 'FAILURE' | 'CLAIMED';

/** What a device-side registration did: stored until `expiresAt`, or refused for `reason`. */
export type RegisterOutcome =
  { registered: true; expiresAt: number } | { registered: false; reason: string };

/** What `reclaim` released: the customer the device belonged to, if any. */
export type ReclaimOutcome =
  { released: false } | { released: true; customerId: string; customerName: string | null };

/** A claiming change, for the operator API's `claim` events. Never carries the secret. */
export type ClaimChange =
  | { kind: 'registered'; deviceId: string; deviceName: string; expiresAt: number }
  | {
      kind: 'claimed';
      deviceId: string;
      deviceName: string;
      result: ClaimResult;
      customerId: string | null;
      customerName: string | null;
    }
  | {
      kind: 'reclaimed';
      deviceId: string;
      deviceName: string;
      customerId: string;
      customerName: string | null;
    };

export type ClaimListener = (change: ClaimChange) => void;

/** Where a registration came from, for the events of refused ones. */
export interface ClaimOrigin {
  clientId?: string | null;
  topic?: string | null;
}

/** spec §9: both empty (missing or "") match; otherwise the strings must be exactly equal. */
const secretsMatch = (given: string | undefined, stored: string): boolean =>
  (given ?? '') === stored;

/**
 * Claiming (spec §9): device-side registrations (`v1/devices/me/claim`, and the gateway form of §12)
 * and the operator's claim and reclaim, with customers as the minimal owner entity. Every decision
 * reads storage and issues its writes in the same turn, so concurrent calls cannot both win.
 */
export class ClaimService {
  readonly #listeners = new Set<ClaimListener>();

  constructor(
    private readonly storage: Storage,
    private readonly attributes: AttributesService,
    private readonly events: EventsService,
    private readonly settings: () => Settings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Registers `{secretKey, expiresAt}` for the device unless spec §9 says not to; each refusal records a
   * `dropped` event. Resolves once the registration is durably stored, or at once when refused.
   */
  async register(
    device: DeviceRecord,
    secretKey: string,
    durationMs: number | undefined,
    origin: ClaimOrigin = {},
  ): Promise<RegisterOutcome> {
    const current = this.storage.devices.get(device.id) ?? device;
    const now = this.now();
    const reason = this.#refusal(current, now);
    if (reason !== undefined) {
      this.events.record({
        kind: 'dropped',
        deviceId: current.id,
        deviceName: current.name,
        clientId: origin.clientId ?? null,
        topic: origin.topic ?? null,
        message: `claim registration of ${current.name} not stored: ${reason}`,
      });
      return { registered: false, reason };
    }
    // spec §9: a missing durationMs, or one ≤ 0, means claim.defaultDurationMs
    const duration =
      durationMs !== undefined && durationMs > 0
        ? durationMs
        : this.settings().claim.defaultDurationMs;
    const expiresAt = Math.min(now + duration, Number.MAX_SAFE_INTEGER);
    await this.storage.claims.save({ deviceId: current.id, secretKey, expiresAt, createdAt: now });
    this.#emit({ kind: 'registered', deviceId: current.id, deviceName: current.name, expiresAt });
    return { registered: true, expiresAt };
  }

  /** `GatewayDeps.claim`: a registration for a sub-device named in `v1/gateway/claim` (spec §12). */
  readonly gatewayClaim = async (
    device: DeviceRecord,
    secretKey: string,
    durationMs: number | undefined,
  ): Promise<void> => {
    await this.register(device, secretKey, durationMs, { topic: GATEWAY_TOPICS.claim });
  };

  /**
   * The operator claims a device (by name, or id) for a customer (by name, created when missing), with
   * an optional secret. Returns exactly SUCCESS, FAILURE or CLAIMED with the side effects of the spec §9
   * table; an unknown device is a NOT_FOUND HubError.
   */
  async claim(
    deviceName: string,
    secretKey: string | undefined,
    customerName: string,
  ): Promise<ClaimResult> {
    const ownerName = customerName.trim();
    if (ownerName === '') throw invalid('customer name must not be empty');
    const device = this.#device(deviceName);
    const now = this.now();
    const registration = this.storage.claims.get(device.id);
    const writes: Promise<unknown>[] = [];
    let result: ClaimResult;
    let customer: CustomerRecord | undefined;
    if (registration === undefined) {
      result = device.customerId === null ? 'FAILURE' : 'CLAIMED';
    } else {
      // spec §9 (and the reference): an expired registration or a wrong secret fails first
      if (now > registration.expiresAt || !secretsMatch(secretKey, registration.secretKey))
        result = 'FAILURE';
      else if (device.customerId !== null) result = 'CLAIMED';
      else {
        result = 'SUCCESS';
        customer = this.#customerNamed(ownerName, now, writes);
        writes.push(this.storage.devices.update({ ...device, customerId: customer.id }));
        writes.push(this.attributes.delete(device.id, 'SERVER', [CLAIMING_ALLOWED]));
      }
      writes.push(this.storage.claims.delete(device.id));
    }
    await Promise.all(writes); // issued in one turn: one group commit
    customer ??=
      device.customerId === null ? undefined : this.storage.customers.get(device.customerId);
    this.#emit({
      kind: 'claimed',
      deviceId: device.id,
      deviceName: device.name,
      result,
      customerId: customer?.id ?? device.customerId,
      customerName: customer?.name ?? null,
    });
    return result;
  }

  /**
   * Releases the device from its customer (spec §9 "reclaim"). With `claim.allowByDefault` false it also
   * sets `claimingAllowed=true`, so the device can register again. A device without a customer is left as is.
   */
  async reclaim(deviceName: string): Promise<ReclaimOutcome> {
    const device = this.#device(deviceName);
    const customerId = device.customerId;
    if (customerId === null) return { released: false };
    const customerName = this.storage.customers.get(customerId)?.name ?? null;
    const writes: Promise<unknown>[] = [
      this.storage.devices.update({ ...device, customerId: null }),
    ];
    if (!this.settings().claim.allowByDefault) {
      writes.push(
        this.attributes.save(device.id, 'SERVER', [
          { key: CLAIMING_ALLOWED, value: { type: 'BOOLEAN', value: true } },
        ]),
      );
    }
    await Promise.all(writes);
    this.#emit({
      kind: 'reclaimed',
      deviceId: device.id,
      deviceName: device.name,
      customerId,
      customerName,
    });
    return { released: true, customerId, customerName };
  }

  /** The device's stored registration (expired ones included, until claimed or replaced), or undefined. */
  registration(deviceName: string): ClaimRecord | undefined {
    return this.storage.claims.get(this.#device(deviceName).id);
  }

  /** Every stored registration (expired ones too, until claimed or replaced) with its device. */
  listRegistrations(): { record: ClaimRecord; device: DeviceRecord }[] {
    return this.storage.claims.list().flatMap((record) => {
      const device = this.storage.devices.get(record.deviceId);
      return device === undefined ? [] : [{ record, device }];
    });
  }

  listCustomers(): CustomerRecord[] {
    return this.storage.customers.list();
  }

  findCustomer(idOrName: string): CustomerRecord | undefined {
    return this.storage.customers.get(idOrName) ?? this.storage.customers.getByName(idOrName);
  }

  /** Subscribes to claiming changes; returns the unsubscribe function. */
  onChange(listener: ClaimListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** spec §9: the three cases in which the broker does not register. */
  #refusal(device: DeviceRecord, now: number): string | undefined {
    if (device.customerId !== null)
      return 'the device already belongs to a customer (already claimed)';
    if (!this.settings().claim.allowByDefault && !this.#claimingAllowed(device.id)) {
      return `claiming is not allowed: claim.allowByDefault is false and the server attribute ${CLAIMING_ALLOWED} is not true`;
    }
    const existing = this.storage.claims.get(device.id);
    // spec §14.16: an expired registration counts as absent
    if (existing !== undefined && now <= existing.expiresAt) {
      return `an unexpired registration already exists until ${new Date(existing.expiresAt).toISOString()} (first registration wins)`;
    }
    return undefined;
  }

  #claimingAllowed(deviceId: string): boolean {
    const value = this.storage.attributes.get(deviceId, 'SERVER', [CLAIMING_ALLOWED])[0]?.value;
    return value?.type === 'BOOLEAN' && value.value;
  }

  #device(nameOrId: string): DeviceRecord {
    const device = this.storage.devices.getByName(nameOrId) ?? this.storage.devices.get(nameOrId);
    if (!device) throw notFound(`device ${nameOrId}`);
    return device;
  }

  /** The customer with this name, or a new one whose save is added to `writes`. */
  #customerNamed(name: string, now: number, writes: Promise<unknown>[]): CustomerRecord {
    const existing = this.storage.customers.getByName(name);
    if (existing) return existing;
    const created: CustomerRecord = { id: randomUUID(), name, createdAt: now };
    writes.push(this.storage.customers.save(created));
    return created;
  }

  #emit(change: ClaimChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
